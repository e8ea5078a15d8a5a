// Starts Swagger UI on /api/docs (api/docs.py) from a same-origin file: the CSP allows no inline script.
// The OpenAPI URL comes from the page (#swagger-ui's data-openapi-url); the options are FastAPI's defaults.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null, // no badge fetched from validator.swagger.io
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset]
  });
})();
