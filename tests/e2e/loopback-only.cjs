// Preloaded into the Microsoft 365 Agents Playground (`node --require ./loopback-only.cjs …`): its server calls
// listen(port) without a host, which binds every interface. This keeps it, and its port probe, on 127.0.0.1.
"use strict";
const net = require("net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  if ((typeof first === "number" || /^\d+$/.test(String(first))) && typeof second !== "string") {
    args.splice(1, 0, "127.0.0.1");
  } else if (first && typeof first === "object" && first.host === undefined && first.path === undefined) {
    args[0] = { ...first, host: "127.0.0.1" };
  }
  return listen.apply(this, args);
};
