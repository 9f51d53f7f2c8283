"""Page: delete a profile and every record of it, after typing its name to confirm (issue 11)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from supple.errors import InvalidInput
from supple.services import profiles
from supple.web.deps import AppDep, ProfileDep
from supple.web.pages.forms import FormDep, FormState, state_with
from supple.web.pages.rendering import layout, render, see_other

router = APIRouter()


def _page(request: Request, name: str, form: FormState, status: int = 200) -> HTMLResponse:
    form.labels = {"confirm": "The profile's name"}
    return render(
        request, "delete_profile.html", layout("Delete this profile", name, "settings"), name, form=form, status=status
    )


@router.get("/p/{name}/delete", response_class=HTMLResponse)
def delete_form(request: Request, view: ProfileDep) -> HTMLResponse:
    return _page(request, view.name, FormState())


@router.post("/p/{name}/delete", response_class=HTMLResponse)
def delete_profile(request: Request, app: AppDep, view: ProfileDep, form: FormDep) -> Response:
    try:
        profiles.delete(app, view.name, form.get("confirm", ""), app.settings.data_dir)
    except InvalidInput as err:
        return _page(request, view.name, state_with(form, err.problems, ["confirm"]), 422)
    response = see_other("/?deleted=1")  # the welcome page confirms it (the name is not put in the address)
    response.delete_cookie("supple_profile")
    return response
