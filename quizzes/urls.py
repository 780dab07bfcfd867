"""The student side, in every language (core/plugins.py)."""

from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("quiz/", views.join, name="join"),
    path("quiz/practice/<int:quiz_id>/", views.practice, name="practice"),
    path("quiz/a/<str:token>/", views.overview, name="overview"),
    path("quiz/a/<str:token>/q/<int:position>/", views.question, name="question"),
    path("quiz/a/<str:token>/finish/", views.finish, name="finish"),
    path("quiz/a/<str:token>/result/", views.result, name="result"),
    path("quiz/a/<str:token>/again/", views.again, name="again"),
    path("quiz/a/<str:token>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("quiz/certificate/<str:serial>/", views.certificate_verify, name="certificate_verify"),
]
