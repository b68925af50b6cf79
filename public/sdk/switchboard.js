/*! Switchboard host script: mounts the connect widget in an iframe and relays its events.
 *  No dependencies. Messages go only to the widget's exact origin and are accepted only
 *  from that origin and that iframe's window: never '*'. Types: /sdk/switchboard.d.ts */
(function (global) {
  "use strict";
  var EVENTS = { ready: 1, connected: 1, disconnected: 1, failed: 1, "session-expired": 1 };
  var mounted = typeof WeakMap === "function" ? new WeakMap() : null;

  function mount(element, options) {
    if (!element || typeof element.appendChild !== "function") throw new Error("Switchboard.mount: give it an element");
    if (!options || typeof options.url !== "string") throw new Error("Switchboard.mount: options.url is the session's embedUrl");
    var existing = mounted && mounted.get(element);
    if (existing) return existing;

    var url = new URL(options.url, global.location.href);
    var origin = url.origin;
    var iframe = global.document.createElement("iframe");
    iframe.src = url.href;
    iframe.title = options.title || "Connect your apps";
    iframe.style.cssText = "display:block;width:100%;height:320px;border:0;color-scheme:normal";

    function init() {
      if (iframe.contentWindow) iframe.contentWindow.postMessage({ source: "switchboard-host", type: "init" }, origin);
    }

    function onMessage(event) {
      if (event.origin !== origin || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!data || data.source !== "switchboard" || typeof data.type !== "string") return;
      if (data.type === "hello") return init();
      if (data.type === "resize") {
        if (typeof data.height === "number" && isFinite(data.height)) iframe.style.height = Math.max(80, Math.min(5000, Math.ceil(data.height))) + "px";
        return;
      }
      if (!EVENTS[data.type] || typeof options.onEvent !== "function") return;
      var connector = data.connector && typeof data.connector.id === "string" ? { id: data.connector.id, name: String(data.connector.name) } : null;
      try {
        options.onEvent({ type: data.type, connector: connector });
      } catch (error) {
        setTimeout(function () {
          throw error;
        });
      }
    }

    global.addEventListener("message", onMessage);
    iframe.addEventListener("load", init);
    element.appendChild(iframe);

    var handle = {
      iframe: iframe,
      unmount: function () {
        global.removeEventListener("message", onMessage);
        iframe.removeEventListener("load", init);
        if (iframe.parentNode) iframe.parentNode.removeChild(iframe);
        if (mounted) mounted.delete(element);
      },
    };
    if (mounted) mounted.set(element, handle);
    return handle;
  }

  global.Switchboard = { mount: mount };
})(window);
