// Starts Swagger UI or ReDoc on the /docs and /redoc pages (no inline script).
(function () {
  "use strict";
  if (document.getElementById("swagger-ui") && window.SwaggerUIBundle) {
    window.SwaggerUIBundle({
      url: "/openapi.json",
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
    });
  }
  var redoc = document.getElementById("redoc");
  if (redoc && window.Redoc) {
    window.Redoc.init(redoc.dataset.specUrl, {}, redoc);
  }
})();
