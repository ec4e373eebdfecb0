"""``mtnorm serve``: an HTTP service (Starlette on uvicorn) with mtnorm's own API and LanguageTool's.

Optional: ``pip install 'mtnorm[serve]'``. `app.create_app` builds the ASGI
application, `run.serve` starts uvicorn, `languagetool_api` shapes answers
like LanguageTool's (one match per change region of the result, so a client
applying every match gets mtnorm's output).
"""
