"""Clinic mode's page frame: one menu per role, the same on every page that role sees.

A clinician sees their clients, the clinic's routine templates, the alert thresholds and their account;
an admin sees the same and the clinic's accounts and the access and change log; a client sees their
home, their messages and their account. Nobody signed in (login, joining, account setup) sees no menu.
"""

from __future__ import annotations

from fastapi import Request

from supple.clinic.domain import Role
from supple.web.clinic_access import current
from supple.web.pages.rendering import Layout, NavLink

# (label, address, icon, the key a page passes to be shown as the current one)
CLINICIAN = (
    ("Clients", "/clinic/clients", "house", "clients"),
    ("Templates", "/clinic/templates", "list-checks", "templates"),
    ("Thresholds", "/clinic/thresholds", "triangle-alert", "thresholds"),
)
ADMIN_ONLY = (
    ("Accounts", "/admin/accounts", "settings", "accounts"),
    ("Access log", "/admin/audit", "clock", "audit"),
)
CLIENT = (
    ("Home", "/clinic", "house", "home"),
    ("Messages", "/clinic/messages", "info", "messages"),
)
ACCOUNT = (("Account", "/account", "user", "account"),)


def menu(role: Role | None, current_key: str = "") -> list[NavLink]:
    """The menu of ``role`` with ``current_key``'s link marked as the current page."""
    if role is None:
        return []
    links: tuple[tuple[str, str, str, str], ...]
    if role is Role.CLIENT:
        links = CLIENT + ACCOUNT
    elif role is Role.ADMIN:
        links = CLINICIAN + ADMIN_ONLY + ACCOUNT
    else:
        links = CLINICIAN + ACCOUNT
    return [NavLink(label, url, key == current_key, icon) for label, url, icon, key in links]


def staff_frame(title: str, current_key: str = "", role: Role | None = Role.CLINICIAN) -> Layout:
    return Layout(title, nav=menu(role, current_key))


def frame(request: Request, title: str, current_key: str = "") -> Layout:
    """The frame of a clinic page for whoever is signed in (no menu when nobody is)."""
    me = current(request)
    return Layout(title, nav=menu(me.role if me else None, current_key))
