"""The few Lethe API calls the examples need, with the Python standard library and NumPy only.

Lethe(base_url, token) downloads a scenario's package (checked against its manifest's SHA-256
sums), creates an external study and uploads external runs (multipart, the `options` part
first, as the route requires). Errors from the server are raised with Lethe's message, which
names the file, row or limit at fault.
"""
import argparse
import hashlib
import io
import json
import os
import sys
import urllib.error
import urllib.request
import uuid
import zipfile

import numpy as np


class LetheError(Exception):
    pass


def run(main):
    """Runs a script's main(); an error from Lethe ends it with Lethe's message, not a traceback."""
    try:
        main()
    except LetheError as err:
        sys.exit(f"error: {err}")


def connection_args(description):
    """An argument parser with --url, --token and --scenario (defaults from LETHE_URL, LETHE_TOKEN)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--url", default=os.environ.get("LETHE_URL", "http://localhost:3000"), help="Lethe's base URL (env LETHE_URL)")
    parser.add_argument("--token", default=os.environ.get("LETHE_TOKEN"), help="an API token (env LETHE_TOKEN)")
    parser.add_argument("--scenario", required=True, help="the scenario id (its package is what the models train on)")
    parser.add_argument("--code-url", help="a link to your method's code, shown with each run's provenance")
    return parser


class Package:
    """A scenario package: its manifest and arrays (x_train, y_train, x_test, y_test, forget, ...)."""

    def __init__(self, manifest, arrays):
        self.manifest = manifest
        self.arrays = arrays
        self.classes = len(manifest["classNames"])
        self.forget = arrays["forget.npy"]
        # the rows a retrain learns from: x_train without the forget set
        self.retain = np.setdiff1d(np.arange(len(arrays["x_train.npy"])), self.forget)

    def __getattr__(self, name):  # pkg.x_train, pkg.y_test, ...
        try:
            return self.arrays[name + ".npy"]
        except KeyError:
            raise AttributeError(name) from None


class Lethe:
    def __init__(self, base_url, token):
        if not token:
            raise LetheError("an API token is needed: --token or LETHE_TOKEN (see the README's API section)")
        self.base_url = base_url.rstrip("/")
        self.token = token

    def _request(self, method, path, body=None, content_type=None):
        headers = {"Authorization": f"Bearer {self.token}"}
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.base_url + "/api/v1" + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req) as res:
                return res.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")
            try:
                detail = json.loads(detail)["error"]["message"]
            except (ValueError, KeyError, TypeError):
                pass
            raise LetheError(f"{method} {path}: {err.code} {detail}") from None

    def get(self, path):
        return json.loads(self._request("GET", path))

    def post(self, path, payload):
        return json.loads(self._request("POST", path, json.dumps(payload).encode(), "application/json"))

    def package(self, scenario_id):
        """Downloads the scenario's NPY package and checks every array against the manifest."""
        archive = zipfile.ZipFile(io.BytesIO(self._request("GET", f"/scenarios/{scenario_id}/package")))
        manifest = json.loads(archive.read("manifest.json"))
        arrays = {}
        for entry in manifest["files"]:
            raw = archive.read(entry["file"])
            if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                raise LetheError(f"{entry['file']} does not match the SHA-256 in manifest.json")
            arrays[entry["file"]] = np.load(io.BytesIO(raw))
        return Package(manifest, arrays)

    def create_external_study(self, scenario_id, name, description):
        """An external study of the scenario, in the team that owns the scenario's dataset."""
        scenario = self.get(f"/scenarios/{scenario_id}")
        team_id = self.get(f"/datasets/{scenario['datasetId']}")["teamId"]
        return self.post(f"/teams/{team_id}/studies", {"external": True, "name": name, "scenarioId": scenario_id, "description": description})

    def upload_run(self, study_id, files, role, seed, seconds, method=None, code_url=None):
        """One external run: files {part name: bytes}; `seconds` is its training or unlearning
        time (Lethe shows the unlearned run's speedup over the retrain when both have one)."""
        options = {"role": role, "seed": seed, "seconds": round(seconds, 3)}
        if method:
            options["method"] = method
        if code_url:
            options["codeUrl"] = code_url
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        # the options part must come first: the server reads it before the files stream in
        parts = [("options", None, json.dumps(options).encode(), "application/json")]
        parts += [(name, name + (".onnx" if name == "model" else ".npy"), data, "application/octet-stream") for name, data in files.items()]
        for name, filename, data, ctype in parts:
            disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
            body.write(f"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: {ctype}\r\n\r\n".encode())
            body.write(data)
            body.write(b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        return json.loads(self._request("POST", f"/studies/{study_id}/external-runs", body.getvalue(), f"multipart/form-data; boundary={boundary}"))

    def study_url(self, study):
        return f"{self.base_url}/teams/{study['teamId']}/studies/{study['id']}"


def npy_bytes(array):
    """An array as the bytes of a .npy file (what np.save writes)."""
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()
