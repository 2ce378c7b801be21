from django.shortcuts import render


def home(request):
    """The migrant app's start page: public, no account, no JavaScript needed."""
    return render(request, "migrants/home.html")
