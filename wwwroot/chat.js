// The web chat page: picks a language, asks the bot's own token route for a Direct Line token (embedded endpoint
// or Azure, the server decides) and renders Web Chat. Switching language starts a new conversation in that
// language, so the welcome and every answer follow it; each activity Web Chat sends also carries the locale.
(() => {
  'use strict';

  const LANGUAGES = {
    en: {
      locale: 'en-US',
      strings: {
        title: 'SupportBot · Partner Center operated by 21Vianet',
        skip: 'Skip to the chat',
        botName: 'SupportBot',
        product: 'Partner Center operated by 21Vianet',
        languageGroup: 'Language',
        introTitle: 'First-line support for Microsoft 365 operated by 21Vianet',
        introBody: "Ask about billing, service health, the admin center or Partner Center tasks. I'll walk you through self-help first and can open a service request for you.",
        topics: 'Topics',
        topicBilling: 'Billing and invoices',
        topicHealth: 'Service health and incidents',
        topicRequest: 'Service requests and escalations',
        privacy: "Please don't share passwords or other secrets in the chat.",
        chatRegion: 'Chat with SupportBot',
        connecting: 'Connecting…',
        failed: 'The chat could not start.',
        retry: 'Try again',
        footer: 'SupportBot is an automated assistant. Ask for a person at any time and a support engineer will take over.',
      },
    },
    'zh-Hans': {
      locale: 'zh-CN',
      strings: {
        title: 'SupportBot · 由世纪互联运营的合作伙伴中心',
        skip: '跳到聊天',
        botName: 'SupportBot',
        product: '由世纪互联运营的合作伙伴中心',
        languageGroup: '语言',
        introTitle: '由世纪互联运营的 Microsoft 365 一线支持',
        introBody: '您可以咨询账单、服务运行状况、管理中心或合作伙伴中心的相关操作。我会先引导您自助解决问题，如有需要，也可以为您创建服务请求。',
        topics: '主题',
        topicBilling: '账单与发票',
        topicHealth: '服务运行状况与事件',
        topicRequest: '服务请求与升级',
        privacy: '请勿在聊天中透露密码或其他机密信息。',
        chatRegion: '与 SupportBot 聊天',
        connecting: '正在连接…',
        failed: '聊天无法启动。',
        retry: '重试',
        footer: 'SupportBot 是自动助手。您随时可以要求人工服务，支持工程师会接手处理。',
      },
    },
    ja: {
      locale: 'ja-JP',
      strings: {
        title: 'SupportBot · 21Vianet が運営するパートナー センター',
        skip: 'チャットへ移動',
        botName: 'SupportBot',
        product: '21Vianet が運営するパートナー センター',
        languageGroup: '言語',
        introTitle: '21Vianet が運営する Microsoft 365 の一次サポート',
        introBody: '請求、サービス正常性、管理センター、パートナー センターの操作についてお尋ねください。まずセルフヘルプの手順をご案内し、必要に応じてサービス要求を作成します。',
        topics: 'トピック',
        topicBilling: '請求と請求書',
        topicHealth: 'サービス正常性とインシデント',
        topicRequest: 'サービス要求とエスカレーション',
        privacy: 'パスワードなどの機密情報はチャットに入力しないでください。',
        chatRegion: 'SupportBot とのチャット',
        connecting: '接続しています…',
        failed: 'チャットを開始できませんでした。',
        retry: '再試行',
        footer: 'SupportBot は自動アシスタントです。担当者との会話をご希望の場合はいつでもお申し付けください。サポート エンジニアが対応します。',
      },
    },
  };

  const STORAGE_KEY = 'supportbot.language';
  const chat = document.getElementById('chat');
  const status = chat.querySelector('.chat-status');
  const errorBox = chat.querySelector('.chat-error');
  let directLine = null;
  let generation = 0;

  function initialLanguage() {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && LANGUAGES[saved]) return saved;
    const browser = (navigator.language || 'en').toLowerCase();
    if (browser.startsWith('zh')) return 'zh-Hans';
    if (browser.startsWith('ja')) return 'ja';
    return 'en';
  }

  // One user id per browser tab; Direct Line wants user ids that start with dl_.
  function userId() {
    let id = sessionStorage.getItem('supportbot.userId');
    if (!id) {
      const bytes = crypto.getRandomValues(new Uint8Array(12));
      id = 'dl_' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
      sessionStorage.setItem('supportbot.userId', id);
    }
    return id;
  }

  function applyStrings(language) {
    const strings = LANGUAGES[language].strings;
    document.documentElement.lang = language;
    document.title = strings.title;
    document.querySelectorAll('[data-text]').forEach(el => { el.textContent = strings[el.dataset.text]; });
    document.querySelectorAll('[data-label]').forEach(el => el.setAttribute('aria-label', strings[el.dataset.label]));
    document.querySelectorAll('.language').forEach(button =>
      button.setAttribute('aria-pressed', String(button.dataset.language === language)));
  }

  const styleOptions = {
    accent: '#0f6cbd',
    backgroundColor: '#ffffff',
    bubbleBackground: '#f3f6fa',
    bubbleBorderColor: '#e3e8ef',
    bubbleBorderRadius: 12,
    bubbleBorderWidth: 1,
    bubbleFromUserBackground: '#0f6cbd',
    bubbleFromUserBorderColor: '#0f6cbd',
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMaxWidth: 560,
    botAvatarInitials: 'SB',
    botAvatarBackgroundColor: '#0f6cbd',
    userAvatarInitials: '',
    hideUploadButton: true,
    sendBoxButtonColor: '#0f6cbd',
    sendBoxButtonColorOnHover: '#0c5697',
    sendBoxHeight: 56,
    sendBoxBorderTop: '1px solid #e3e8ef',
    suggestedActionBorderRadius: 16,
    suggestedActionBorderColor: '#0f6cbd',
    suggestedActionTextColor: '#0f6cbd',
    transcriptOverlayButtonBackground: '#0f6cbd',
    rootHeight: '100%',
    rootWidth: '100%',
  };

  async function start(language) {
    const mine = ++generation;
    const { locale } = LANGUAGES[language];
    applyStrings(language);
    localStorage.setItem(STORAGE_KEY, language);
    chat.dataset.state = 'connecting';
    status.hidden = false;
    errorBox.hidden = true;
    if (directLine) directLine.end();
    directLine = null;

    // A fresh element per conversation: the previous Web Chat goes away with its element.
    const old = document.getElementById('webchat');
    const host = document.createElement('div');
    host.id = 'webchat';
    host.className = 'webchat';
    host.lang = language;
    old.replaceWith(host);

    try {
      const response = await fetch('api/directline/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: { id: userId() } }),
      });
      if (!response.ok) throw new Error('token ' + response.status);
      const grant = await response.json();
      if (mine !== generation) return;

      directLine = window.WebChat.createDirectLine({
        token: grant.token,
        domain: grant.domain,
        conversationStartProperties: { locale },
      });
      // The page's font stack for this language (CJK fonts differ between Chinese and Japanese).
      const primaryFont = getComputedStyle(document.documentElement).getPropertyValue('--font-text').trim() || 'sans-serif';
      window.WebChat.renderWebChat({ directLine, userID: grant.userId, locale, styleOptions: { ...styleOptions, primaryFont } }, host);
      status.hidden = true;
      chat.dataset.state = 'ready';
      chat.dataset.mode = grant.mode;
      chat.dataset.conversationId = grant.conversationId || '';
    } catch (err) {
      if (mine !== generation) return;
      console.error('SupportBot chat failed to start', err);
      status.hidden = true;
      errorBox.hidden = false;
      chat.dataset.state = 'failed';
    }
  }

  let language = initialLanguage();
  document.querySelectorAll('.language').forEach(button => button.addEventListener('click', () => {
    if (button.dataset.language === language && chat.dataset.state === 'ready') return;
    language = button.dataset.language;
    start(language);
  }));
  errorBox.querySelector('.retry').addEventListener('click', () => start(language));

  if (window.WebChat) start(language);
  else {
    status.hidden = true;
    errorBox.hidden = false;
    chat.dataset.state = 'failed';
    console.error('wwwroot/lib/webchat.js is missing: build the project with npm available.');
  }
})();
