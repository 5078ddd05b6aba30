from django.urls import path

from casequality.web.views import accounts

app_name = "web"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("accounts/login/", accounts.SignInView.as_view(), name="sign_in"),
    path("accounts/logout/", accounts.sign_out, name="sign_out"),
]
