"""The REST API's fixed settings: DRF's renderer, parser and (no) default authentication, and the schema's titles."""

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["onef_api.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["onef_api.parsers.SafeJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OneF (1F) integration API",
    "DESCRIPTION": "The v2 dedicated OneF endpoints of the integration spec v1.2.",
    "VERSION": "1.2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
