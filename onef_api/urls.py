# The OneF REST API v2 lands with the API issue.
app_name = "onef_api"
urlpatterns: list = []
