// Starts Swagger UI on the API documentation page (kept out of the page so no inline script is needed).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
