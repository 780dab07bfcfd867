from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("tips/", views.submit, name="submit"),
    path("tips/receipt/", views.confirm_receipt, name="confirm_receipt"),
    path("tips/captcha/<str:token>.png", views.captcha_image, name="captcha"),
    path("tips/status/", views.status, name="status"),
]
