"""``mtnorm serve``: an HTTP service (Starlette on uvicorn) with mtnorm's own API and LanguageTool's.

Optional: ``pip install 'mtnorm[serve]'``. `app.create_app` builds the ASGI
application, `run.serve` starts uvicorn, `languagetool_api` shapes answers
like LanguageTool's and `hunks` turns a result's edits into the independent
replacements a LanguageTool client applies.
"""
