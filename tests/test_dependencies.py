"""The dependency lists agree: pyproject.toml declares the pins of requirements.txt (the app) and
requirements-test.txt (the test tools), and requirements.lock, which pins every installed
distribution, holds each of them at the same version."""
import re
import tomllib

import pytest

from popdash.paths import PROJECT_ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")
INCLUDE = "-r requirements.txt"


def normalize(name: str) -> str:
    """A distribution's name as pip compares it (PEP 503): case, '-', '_' and '.' do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(filename: str) -> list[str]:
    lines = []
    for raw in (PROJECT_ROOT / filename).read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def pins(lines: list[str], where: str) -> dict[str, tuple[str, str]]:
    """{normalized name: (name, version)} of exact pins; anything else is an error."""
    found = {}
    for line in lines:
        match = PIN.match(line)
        assert match, f"{where}: not an exact pin (name==version): {line!r}"
        name, version = match.groups()
        assert normalize(name) not in found, f"{where}: {name} is listed twice"
        found[normalize(name)] = (name, version)
    return found


def versions(found: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {key: version for key, (_, version) in found.items()}


@pytest.fixture(scope="module")
def project():
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.fixture(scope="module")
def app_pins():
    return pins(requirement_lines("requirements.txt"), "requirements.txt")


@pytest.fixture(scope="module")
def test_pins():
    lines = requirement_lines("requirements-test.txt")
    assert INCLUDE in lines, "requirements-test.txt installs the app's requirements too"
    return pins([line for line in lines if line != INCLUDE], "requirements-test.txt")


@pytest.fixture(scope="module")
def lock_pins():
    return pins(requirement_lines("requirements.lock"), "requirements.lock")


def test_pyproject_dependencies_are_the_app_requirements(project, app_pins):
    declared = pins(project["dependencies"], "pyproject.toml [project] dependencies")
    assert versions(declared) == versions(app_pins)


def test_pyproject_test_extra_is_the_test_tools(project, test_pins):
    declared = pins(project["optional-dependencies"]["test"], "pyproject.toml [project.optional-dependencies] test")
    assert versions(declared) == versions(test_pins)


def test_app_and_test_tools_do_not_overlap(app_pins, test_pins):
    assert not set(app_pins) & set(test_pins)


def test_every_direct_dependency_is_locked_at_its_pin(app_pins, test_pins, lock_pins):
    locked = versions(lock_pins)
    for filename, direct in (("requirements.txt", app_pins), ("requirements-test.txt", test_pins)):
        missing = [name for key, (name, _) in direct.items() if key not in locked]
        assert not missing, f"in {filename} but not in requirements.lock (regenerate it, see README): {missing}"
        differ = {name: (version, locked[key]) for key, (name, version) in direct.items() if locked[key] != version}
        assert not differ, f"{filename} and requirements.lock disagree (pin, lock): {differ}"
