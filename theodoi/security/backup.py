"""Backup and restore of the database and the media files, as one .tar.gz archive.

The archive holds `manifest.json`, the database (`database.pgdump`, pg_dump's custom format,
for PostgreSQL; `database.sqlite3`, made with SQLite's online backup API, for SQLite) and
`media/` (uploaded plan documents). See docs/security.md.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
# Tables whose rows make a database "not empty" for restore (it refuses to overwrite them).
DATA_TABLES = ("accounts_user", "units_unit", "plans_plan", "reporting_report")


class BackupError(Exception):
    pass


def _db(alias: str) -> dict:
    return settings.DATABASES[alias]


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} thất bại: {result.stderr.strip()[:2000]}")


def dump_database(alias: str, target: Path) -> str:
    db = _db(alias)
    vendor = _vendor(alias)
    if vendor == "postgresql":
        args, env = _pg_env(db)
        _run(
            ["pg_dump", "-Fc", "--no-owner", "--no-acl", *args, "-f", str(target), db["NAME"]], env
        )
        return "database.pgdump"
    if vendor == "sqlite":
        connections[alias].close()
        source = sqlite3.connect(str(db["NAME"]))
        try:
            dest = sqlite3.connect(str(target))
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        return "database.sqlite3"
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")


def create_backup(output: Path, alias: str = "default") -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "db"
        name = dump_database(alias, dump)
        manifest = {
            "format": FORMAT,
            "vendor": _vendor(alias),
            "database": name,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "media_files": sum(1 for p in media.rglob("*") if p.is_file()) if media.exists() else 0,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=name)
            if media.exists():
                tar.add(media, arcname="media")
        partial.replace(output)  # never leave a half-written archive under the final name
    return output


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError
            manifest = json.loads(member.read())
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise BackupError(f"Không đọc được bản sao lưu {archive}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("Bản sao lưu có định dạng không hỗ trợ.")
    return manifest


def database_is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return False
    return True


def _safe_members(tar: tarfile.TarFile, prefix: str):
    for member in tar.getmembers():
        name = member.name
        if not (name == prefix.rstrip("/") or name.startswith(prefix)):
            continue
        if name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"Bản sao lưu chứa đường dẫn không an toàn: {name}")
        if not (member.isfile() or member.isdir()):
            continue  # no links, devices
        yield member


def restore_backup(archive: Path, alias: str = "default") -> dict:
    archive = Path(archive)
    manifest = read_manifest(archive)
    vendor = _vendor(alias)
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"Bản sao lưu là của {manifest['vendor']}, cơ sở dữ liệu hiện tại là {vendor}."
        )
    db = _db(alias)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        tmp = Path(tmp)
        member = tar.getmember(manifest["database"])
        source = tar.extractfile(member)
        dump = tmp / "db"
        with dump.open("wb") as out:
            shutil.copyfileobj(source, out)
        connections[alias].close()
        if vendor == "postgresql":
            args, env = _pg_env(db)
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    "--exit-on-error",
                    *args,
                    "-d",
                    db["NAME"],
                    str(dump),
                ],
                env,
            )
        else:
            src = sqlite3.connect(str(dump))
            try:
                dest = sqlite3.connect(str(db["NAME"]))
                with dest:
                    src.backup(dest)
                dest.close()
            finally:
                src.close()
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        staging = tmp / "extract"
        tar.extractall(staging, members=list(_safe_members(tar, "media/")))
        restored = 0
        if (staging / "media").exists():
            for path in (staging / "media").rglob("*"):
                if path.is_file():
                    target = media / path.relative_to(staging / "media")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
                    restored += 1
    from theodoi.dashboards.rollups import rollup_mark_changed

    rollup_mark_changed(everything=True)  # the restored rows were computed for other data
    return {**manifest, "media_restored": restored}
