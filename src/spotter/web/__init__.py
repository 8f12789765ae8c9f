"""The web app: server-rendered pages for people, on the same FastAPI app as the API."""
