"""The project's virtual environment, set up with nothing but the standard library.

`python3 -m community` runs on a machine where none of the project's dependencies exist yet, so
this module imports only the standard library and must stay that way. It creates `.venv` in the
repository, gives it pip (from ensurepip, or downloaded from the package index when the Python
was installed without ensurepip, as Debian does without python3-venv) and installs the project
into it, skipping the install when nothing that affects it has changed.
"""

from __future__ import annotations

import base64
import hashlib
import html.parser
import json
import os
import re
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VENV_DIR = PROJECT_ROOT / ".venv"
STAMP_NAME = "community-install.stamp"
# One environment serves the demo and the tests, so switching between them never reinstalls.
EXTRAS = "test"
# Part of the stamp: changing how the project is installed must reach existing environments.
INSTALL_RECIPE = "pip install -e .[extras] v1"

PYPI_PIP_JSON_URL = "https://pypi.org/pypi/pip/json"
NETWORK_TIMEOUT = 60
PIP_WHEEL_NAME = re.compile(r"^pip-(?P<version>[0-9]+(?:\.[0-9]+)*)-py3-none-any\.whl$")


class BootstrapError(Exception):
    """An expected failure (no network, a failed install...), shown as one message, no traceback."""


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def venv_python(venv_dir: Path = VENV_DIR) -> Path:
    return venv_dir / "bin" / "python"


def ensure_environment(*, venv_dir: Path = VENV_DIR, project_root: Path = PROJECT_ROOT) -> Path:
    """Make `venv_dir` a virtual environment with the project installed; return its Python.

    Fast when nothing changed: a stamp inside the environment records what the last successful
    install was made from (pyproject.toml, the interpreter, the install command).
    """
    python = venv_python(venv_dir)
    python_version = _interpreter_version(python)
    if python_version is None:
        create_venv(venv_dir)
        python_version = _interpreter_version(python)
        if python_version is None:
            raise BootstrapError(f"The new virtual environment's Python ({python}) does not run.")

    stamp = venv_dir / STAMP_NAME
    fingerprint = install_fingerprint(project_root, python_version)
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == fingerprint:
        return python

    ensure_pip(python)
    install_project(python, project_root)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")
    return python


def install_fingerprint(project_root: Path, python_version: str) -> str:
    digest = hashlib.sha256()
    for part in (INSTALL_RECIPE, EXTRAS, python_version):
        digest.update(part.encode() + b"\0")
    digest.update((project_root / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def _interpreter_version(python: Path) -> str | None:
    """The full version of a venv's Python, or None when it is missing or broken."""
    if not python.exists():  # also false for a link whose base Python was removed
        return None
    try:
        result = subprocess.run(
            [str(python), "-I", "-c", "import sys; print(sys.version)"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def create_venv(venv_dir: Path) -> None:
    """Create (or recreate, when broken) a virtual environment without pip; pip comes next."""
    if venv_dir.exists() and not (venv_dir / "pyvenv.cfg").is_file():
        raise BootstrapError(
            f"{venv_dir} exists but is not a virtual environment; move it away and run again."
        )
    say(f"Creating a virtual environment in {_shown(venv_dir)} with Python {_running_version()}")
    # pip is added separately so that a Python without ensurepip still gets a working venv.
    command = [sys.executable, "-m", "venv", "--without-pip", str(venv_dir)]
    if venv_dir.exists():
        command.insert(-1, "--clear")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BootstrapError(
            f"Could not create the virtual environment in {venv_dir}:\n{_tail(result)}"
        )


def ensure_pip(python: Path) -> None:
    """Give the environment pip: from ensurepip when this Python has it, else from the index."""
    if _has_pip(python):
        return
    say("Installing pip into the virtual environment")
    result = subprocess.run(
        [str(python), "-I", "-m", "ensurepip", "--upgrade", "--default-pip"],
        capture_output=True,
        text=True,
    )
    if result.returncode == 0 and _has_pip(python):
        return
    say(
        f"ensurepip is not available ({_tail(result, lines=1) or 'it failed'}); on Debian it comes "
        "with the python3-venv package. Downloading pip from the package index instead."
    )
    install_pip_from_index(python)


def _has_pip(python: Path) -> bool:
    result = subprocess.run(
        [str(python), "-I", "-m", "pip", "--version"], capture_output=True, text=True
    )
    return result.returncode == 0


def install_project(python: Path, project_root: Path) -> None:
    say(
        f"Installing the project and its dependencies into {_shown(python.parent.parent)} "
        "(a few minutes the first time)"
    )
    result = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--editable",
            f".[{EXTRAS}]",
        ],
        cwd=project_root,
    )
    if result.returncode != 0:
        raise BootstrapError(
            f"pip could not install the project (exit code {result.returncode}); the messages "
            "above say why. Without access to PyPI, set PIP_INDEX_URL to a package index you "
            "can reach."
        )


# --- pip without ensurepip ------------------------------------------------------------------


@dataclass(frozen=True)
class WheelLink:
    filename: str
    url: str
    sha256: str | None
    requires_python: str | None
    yanked: bool

    @property
    def version(self) -> tuple[int, ...] | None:
        match = PIP_WHEEL_NAME.match(self.filename)
        return tuple(int(part) for part in match["version"].split(".")) if match else None


def install_pip_from_index(python: Path, index_url: str | None = None) -> None:
    """Download pip's newest wheel that suits `python`, check its sha256 and let it install itself.

    Uses PIP_INDEX_URL (a PEP 503/691 simple index) when set, PyPI's JSON API otherwise.
    """
    index_url = index_url if index_url is not None else os.environ.get("PIP_INDEX_URL") or None
    version = _python_version_tuple(python)
    links = _pip_links_from_simple_index(index_url) if index_url else _pip_links_from_pypi()
    wheel = choose_pip_wheel(links, version)
    if wheel.sha256 is None:
        raise BootstrapError(
            f"The package index does not publish a sha256 for {wheel.filename}, so the download "
            "cannot be verified; refusing to install it."
        )
    say(f"Downloading {wheel.filename}")
    with tempfile.TemporaryDirectory(prefix="community-pip-") as scratch:
        wheel_path = Path(scratch) / wheel.filename
        _download(wheel.url, wheel_path, expected_sha256=wheel.sha256)
        # A pip wheel is importable as it is: run pip from inside it to install that same wheel.
        result = subprocess.run(
            [
                str(python),
                str(wheel_path / "pip"),
                "install",
                "--no-index",
                "--disable-pip-version-check",
                "--quiet",
                str(wheel_path),
            ],
            capture_output=True,
            text=True,
        )
    if result.returncode != 0 or not _has_pip(python):
        raise BootstrapError(f"Installing {wheel.filename} into {python} failed:\n{_tail(result)}")


def choose_pip_wheel(links: list[WheelLink], python_version: tuple[int, ...]) -> WheelLink:
    """The newest final release of pip, not yanked, whose Requires-Python admits the version."""
    usable = [
        link
        for link in links
        if link.version is not None
        and not link.yanked
        and python_satisfies(link.requires_python, python_version)
    ]
    if not usable:
        shown = ".".join(str(part) for part in python_version)
        raise BootstrapError(f"The package index lists no pip wheel usable with Python {shown}.")
    return max(usable, key=lambda link: link.version or ())


_SPECIFIER = re.compile(r"(~=|===|==|!=|<=|>=|<|>)\s*([0-9]+(?:\.[0-9]+)*)(\.\*)?")


def python_satisfies(requires_python: str | None, version: tuple[int, ...]) -> bool:
    """Whether `version` meets a Requires-Python such as ">=3.9, !=3.10.*".

    Covers the specifiers Requires-Python uses in practice; anything else (pre-release bounds)
    counts as not met, so an odd file is passed over rather than installed on a guess.
    """
    for specifier in (requires_python or "").split(","):
        specifier = specifier.strip()
        if not specifier:
            continue
        match = _SPECIFIER.fullmatch(specifier)
        if match is None:
            return False
        operator, number, wildcard = match.groups()
        wanted = tuple(int(part) for part in number.split("."))
        if wildcard:
            same_series = version[: len(wanted)] == wanted
            if operator not in ("==", "!=") or same_series != (operator == "=="):
                return False
            continue
        width = max(len(version), len(wanted))
        have, bound = _padded(version, width), _padded(wanted, width)
        met = {
            "==": have == bound,
            "===": ".".join(map(str, version)) == number,
            "!=": have != bound,
            "<=": have <= bound,
            ">=": have >= bound,
            "<": have < bound,
            ">": have > bound,
            "~=": have >= bound and version[: len(wanted) - 1] == wanted[:-1],
        }[operator]
        if not met:
            return False
    return True


def _padded(version: tuple[int, ...], width: int) -> tuple[int, ...]:
    return version + (0,) * (width - len(version))


def _python_version_tuple(python: Path) -> tuple[int, ...]:
    result = subprocess.run(
        [str(python), "-I", "-c", "import sys; print('.'.join(map(str, sys.version_info[:3])))"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BootstrapError(f"{python} does not run:\n{_tail(result)}")
    return tuple(int(part) for part in result.stdout.strip().split("."))


def _pip_links_from_pypi() -> list[WheelLink]:
    with _open(PYPI_PIP_JSON_URL, accept="application/json") as response:
        data = _read_json(response, PYPI_PIP_JSON_URL)
        final_url = response.geturl()
    files = list(data.get("urls") or [])
    # Older releases are there for a Python the newest pip no longer supports.
    for release_files in (data.get("releases") or {}).values():
        files.extend(release_files)
    return [
        WheelLink(
            filename=item["filename"],
            url=urllib.parse.urljoin(final_url, item["url"]),
            sha256=(item.get("digests") or {}).get("sha256"),
            requires_python=item.get("requires_python"),
            yanked=bool(item.get("yanked")),
        )
        for item in files
        if item.get("packagetype") == "bdist_wheel"
    ]


def _pip_links_from_simple_index(index_url: str) -> list[WheelLink]:
    page_url = index_url.rstrip("/") + "/pip/"
    accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
    with _open(page_url, accept=accept) as response:
        content_type = response.headers.get("Content-Type", "")
        final_url = response.geturl()
        if "json" in content_type:
            data = _read_json(response, page_url)
            return [
                WheelLink(
                    filename=item["filename"],
                    url=_with_credentials_of(
                        index_url, urllib.parse.urljoin(final_url, item["url"])
                    ),
                    sha256=(item.get("hashes") or {}).get("sha256"),
                    requires_python=item.get("requires-python"),
                    yanked=bool(item.get("yanked")),
                )
                for item in data.get("files", [])
            ]
        charset = response.headers.get_content_charset() or "utf-8"
        page = response.read().decode(charset, errors="replace")
    parser = _AnchorParser()
    parser.feed(page)
    links = []
    for attributes in parser.anchors:
        url = urllib.parse.urljoin(final_url, attributes.get("href") or "")
        url, fragment = urllib.parse.urldefrag(url)
        hash_name, _, hash_value = fragment.partition("=")
        links.append(
            WheelLink(
                filename=urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]),
                url=_with_credentials_of(index_url, url),
                sha256=hash_value if hash_name == "sha256" and hash_value else None,
                requires_python=attributes.get("data-requires-python"),
                yanked="data-yanked" in attributes,
            )
        )
    return links


class _AnchorParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append({name: value or "" for name, value in attrs})


def _open(url: str, *, accept: str | None = None):
    """urlopen with pip's certificate setting, index credentials and errors as BootstrapError."""
    plain_url, authorization = _without_credentials(url)
    if urllib.parse.urlsplit(plain_url).scheme == "file":
        path = urllib.request.url2pathname(urllib.parse.urlsplit(plain_url).path)
        if os.path.isdir(path):
            plain_url = urllib.parse.urljoin(plain_url.rstrip("/") + "/", "index.html")
    try:
        request = urllib.request.Request(plain_url)
    except ValueError as error:
        raise BootstrapError(f"Cannot download {plain_url}: {error}.") from None
    if accept:
        request.add_header("Accept", accept)
    if authorization:
        request.add_header("Authorization", authorization)
    context = ssl.create_default_context(cafile=os.environ.get("PIP_CERT") or None)
    try:
        return urllib.request.urlopen(request, timeout=NETWORK_TIMEOUT, context=context)
    except urllib.error.HTTPError as error:
        raise BootstrapError(f"{plain_url} answered HTTP {error.code} {error.reason}.") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, ssl.SSLCertVerificationError):
            raise BootstrapError(
                f"The certificate of {urllib.parse.urlsplit(plain_url).hostname} could not be "
                f"verified ({reason.verify_message}). Install the system's CA certificates (on "
                "Debian: apt-get install ca-certificates) or set PIP_CERT to a CA bundle file."
            ) from None
        raise BootstrapError(
            f"Could not reach {plain_url} ({reason}). Check the network connection, or set "
            "PIP_INDEX_URL to a package index this machine can reach."
        ) from None


def _without_credentials(url: str) -> tuple[str, str | None]:
    """Move user:password out of an index URL (urllib cannot use it there) into a header."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc += f":{parts.port}"
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), f"Basic {token}"


def _with_credentials_of(index_url: str, url: str) -> str:
    """A private index's files need its credentials too, but only on the index's own host."""
    index, target = urllib.parse.urlsplit(index_url), urllib.parse.urlsplit(url)
    if index.username is None or target.username is not None:
        return url
    if (index.hostname, index.port) != (target.hostname, target.port):
        return url
    userinfo = index.netloc.rpartition("@")[0]
    return urllib.parse.urlunsplit(target._replace(netloc=f"{userinfo}@{target.netloc}"))


def _read_json(response, url: str) -> dict:
    try:
        return json.loads(response.read().decode("utf-8"))
    except (ValueError, OSError) as error:
        raise BootstrapError(f"{url} did not return readable JSON ({error}).") from None


def _download(url: str, destination: Path, *, expected_sha256: str) -> None:
    digest = hashlib.sha256()
    with _open(url) as response, destination.open("wb") as file:
        try:
            while chunk := response.read(1 << 16):
                digest.update(chunk)
                file.write(chunk)
        except OSError as error:
            raise BootstrapError(f"The download of {url} broke off ({error}).") from None
    if digest.hexdigest() != expected_sha256.lower():
        destination.unlink()
        raise BootstrapError(
            f"{destination.name} does not match the sha256 the index published; not installing it."
        )


# --- small helpers ---------------------------------------------------------------------------


def _tail(result: subprocess.CompletedProcess, *, lines: int = 15) -> str:
    output = "\n".join(part for part in (result.stdout, result.stderr) if part).strip()
    return "\n".join(output.splitlines()[-lines:])


def _running_version() -> str:
    return ".".join(str(part) for part in sys.version_info[:3])


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
