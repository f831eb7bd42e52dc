"""GET /api/v1/inventories/{id}/export.xlsx on both databases: who may download it, and how
it is sent (an attachment, never cached)."""

from __future__ import annotations

import io

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.support import add_school, manage_headers, new_authority, new_inventory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_manage_token_downloads_an_attachment_not_cached(client: TestClient) -> None:
    inventory = new_inventory(client, name="Skolan på Åsen")
    response = client.get(
        f"/api/v1/inventories/{inventory['id']}/export.xlsx", headers=manage_headers(inventory)
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"] == 'attachment; filename="inventering.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.properties.title == "Skolan på Åsen"
    assert book.sheetnames[-1] == "Handlingsplan"


def test_tokens_the_creating_authority_yes_others_no(app: FastAPI, client: TestClient) -> None:
    mine, other = new_authority(app, "Kommun A"), new_authority(app, "Kommun B")
    school = add_school(client, mine, "Provskolan", "12345678")
    created = client.post(
        f"/api/v1/schools/{school['id']}/inventories", json={"name": "VT"}, headers=mine.headers
    )
    assert created.status_code == 201
    inventory = created.json()
    path = f"/api/v1/inventories/{inventory['id']}/export.xlsx"
    assert client.get(path, headers=mine.headers).status_code == 200
    assert client.get(path, headers=manage_headers(inventory)).status_code == 200
    refused = client.get(path, headers=other.headers)
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer fel"}).status_code == 401
    another = new_inventory(client)
    assert client.get(path, headers=manage_headers(another)).status_code == 404
    unknown = "/api/v1/inventories/okand/export.xlsx"
    assert client.get(unknown, headers=manage_headers(inventory)).status_code == 404
