"""The bare FastAPI endpoint Supple is compared with: same server, same process model, no work."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/hello")
def hello() -> dict[str, str]:
    return {"hello": "world"}
