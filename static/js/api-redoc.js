// Starts Redoc on the API's documentation page (templates/drf_spectacular/redoc.html) with
// the schema's address and the response's CSP nonce, which Redoc puts on the <style>
// elements it inserts. Search is off: it runs in a worker made from a blob: URL, which the
// site's policy does not allow.
"use strict";
(function () {
  var container = document.getElementById("redoc-container");
  if (!container || typeof Redoc === "undefined") {
    return;
  }
  Redoc.init(container.dataset.specUrl, {
    nonce: container.dataset.nonce,
    disableSearch: true,
    hideDownloadButton: true,
    expandResponses: "",
  }, container);
})();
