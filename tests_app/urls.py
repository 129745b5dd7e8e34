# The candidate test pages (/t/<token>/) land with the assessments issue.
app_name = "tests_app"
urlpatterns: list = []
