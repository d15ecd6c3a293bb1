// The web chat page: picks a language, asks the bot's own token route for a Direct Line token (embedded endpoint
// or Azure, the server decides) and renders Web Chat. Switching language starts a new conversation in that
// language, so the welcome and every answer follow it; each activity Web Chat sends also carries the locale.
// Reloading the page picks the tab's conversation up again while its token is valid.
(() => {
  'use strict';

  // Page strings per language (strings.json: en, zh-Hans, ja; a test checks every key exists in all three).
  let LANGUAGES = {};

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

  // Who runs the page (GET api/branding, from the WebPage settings): a partner's name and logo, or nothing (neutral).
  let BRANDING = { operatorName: null, logoUrl: null };

  function applyBranding() {
    const logo = document.querySelector('.brand-logo');
    const mark = document.querySelector('.brand-mark');
    if (BRANDING.logoUrl) {
      logo.src = BRANDING.logoUrl;
      logo.hidden = false;
      mark.hidden = true;
    }
  }

  function applyStrings(language) {
    const strings = { ...LANGUAGES[language].strings };
    // The partner's own name replaces the bot's in the header and the title; the text is set, never parsed as HTML.
    if (BRANDING.operatorName) {
      strings.botName = BRANDING.operatorName;
      strings.title = BRANDING.operatorName + ' · ' + strings.product;
    }
    document.documentElement.lang = language;
    document.title = strings.title || document.title;
    document.querySelectorAll('[data-text]').forEach(el => { if (strings[el.dataset.text]) el.textContent = strings[el.dataset.text]; });
    document.querySelectorAll('[data-label]').forEach(el => { if (strings[el.dataset.label]) el.setAttribute('aria-label', strings[el.dataset.label]); });
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

  // The open conversation, per tab, so a reload picks it up again instead of starting over.
  const SESSION_KEY = 'supportbot.conversation';
  // Resume only with a token that has some life left (tokens live 30 minutes from their last refresh).
  const RESUME_MARGIN_MS = 2 * 60 * 1000;

  function savedConversation(language) {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (saved && saved.language === language && Date.now() < saved.expiresAt - RESUME_MARGIN_MS) return saved;
    } catch (err) {
      console.warn('Ignoring a saved conversation that could not be read', err);
    }
    return null;
  }

  function remember(conversation) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(conversation));
  }

  function forget() {
    sessionStorage.removeItem(SESSION_KEY);
  }

  // DirectLineJS refreshes its token every 15 minutes; keep the saved copy current.
  let tokenWatch = null;
  function watchToken(conversation) {
    clearInterval(tokenWatch);
    tokenWatch = setInterval(() => {
      if (directLine && directLine.token && directLine.token !== conversation.token) {
        conversation.token = directLine.token;
        conversation.expiresAt = Date.now() + conversation.lifetimeSeconds * 1000;
        remember(conversation);
      }
    }, 30 * 1000);
  }

  async function newConversation(language) {
    // No user id is sent: the server picks the visitor's id and binds it to the token; the tab keeps both
    // (sessionStorage) so a reload resumes the conversation as the same visitor.
    const response = await fetch('api/directline/token', { method: 'POST' });
    if (!response.ok) throw new Error('token ' + response.status);
    const grant = await response.json();
    return {
      language,
      conversationId: grant.conversationId,
      token: grant.token,
      domain: grant.domain,
      userId: grant.userId,
      mode: grant.mode,
      lifetimeSeconds: grant.expires_in || 1800,
      expiresAt: Date.now() + (grant.expires_in || 1800) * 1000,
    };
  }

  // DirectLineJS ConnectionStatus values.
  const EXPIRED_TOKEN = 3;
  const FAILED_TO_CONNECT = 4;

  async function start(language, { fresh = false } = {}) {
    const mine = ++generation;
    const { locale } = LANGUAGES[language];
    applyStrings(language);
    localStorage.setItem(STORAGE_KEY, language);
    chat.dataset.state = 'connecting';
    status.hidden = false;
    errorBox.hidden = true;
    if (directLine) directLine.end();
    directLine = null;
    if (fresh) forget();

    // A fresh element per conversation: the previous Web Chat goes away with its element.
    const old = document.getElementById('webchat');
    const host = document.createElement('div');
    host.id = 'webchat';
    host.className = 'webchat';
    host.lang = language;
    old.replaceWith(host);

    try {
      const resumed = savedConversation(language);
      const conversation = resumed || await newConversation(language);
      if (mine !== generation) return;

      // With a conversationId DirectLineJS reconnects (GET conversations/{id}) and replays the history.
      directLine = window.WebChat.createDirectLine({
        token: conversation.token,
        domain: conversation.domain,
        conversationId: resumed ? conversation.conversationId : undefined,
        conversationStartProperties: { locale },
      });
      const current = directLine;
      let online = false;
      current.connectionStatus$.subscribe(value => {
        if (value === 2) online = true;
        // A conversation that cannot be picked up again (expired, or gone after a long break) starts over.
        if (resumed && !online && (value === EXPIRED_TOKEN || value === FAILED_TO_CONNECT) && current === directLine) {
          start(language, { fresh: true });
        }
      });
      remember(conversation);
      watchToken(conversation);

      // The page's font stack for this language (CJK fonts differ between Chinese and Japanese).
      const primaryFont = getComputedStyle(document.documentElement).getPropertyValue('--font-text').trim() || 'sans-serif';
      window.WebChat.renderWebChat({ directLine, userID: conversation.userId, locale, styleOptions: { ...styleOptions, primaryFont } }, host);
      status.hidden = true;
      chat.dataset.state = 'ready';
      chat.dataset.mode = conversation.mode;
      chat.dataset.conversationId = conversation.conversationId || '';
    } catch (err) {
      if (mine !== generation) return;
      console.error('SupportBot chat failed to start', err);
      status.hidden = true;
      errorBox.hidden = false;
      chat.dataset.state = 'failed';
    }
  }

  async function main() {
    try {
      LANGUAGES = await (await fetch('strings.json')).json();
    } catch (err) {
      console.error('strings.json could not be loaded', err);
      LANGUAGES = { en: { locale: 'en-US', strings: {} } };
    }
    try {
      const response = await fetch('api/branding');
      if (response.ok) BRANDING = await response.json();
    } catch (err) {
      console.warn('No branding: the page stays neutral', err);
    }
    applyBranding();
    language = initialLanguage();
    if (window.WebChat) start(language);
    else {
      status.hidden = true;
      errorBox.hidden = false;
      chat.dataset.state = 'failed';
      console.error('wwwroot/lib/webchat.js is missing: build the project with npm available.');
    }
  }

  let language = 'en';
  document.querySelectorAll('.language').forEach(button => button.addEventListener('click', () => {
    if (button.dataset.language === language && chat.dataset.state === 'ready') return;
    language = button.dataset.language;
    start(language, { fresh: true });
  }));
  errorBox.querySelector('.retry').addEventListener('click', () => start(language, { fresh: true }));

  main();
})();
