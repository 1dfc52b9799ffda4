"""Only what pyproject.toml cannot say: sql/ and migrations/ stay at the top of the source tree (every
statement readable in one place) and ship inside the package as healthsink/_sql and healthsink/_migrations,
so an installed wheel finds them from any directory (healthsink/__init__.py looks there first)."""

from setuptools import find_namespace_packages, setup


def tree(package: str, where: str) -> list[str]:
    return [package] + [f"{package}.{p}" for p in find_namespace_packages(where=where, exclude=["*__pycache__*"])]


setup(
    packages=tree("healthsink", "healthsink") + tree("healthsink._sql", "sql") + ["healthsink._migrations"],
    package_dir={"healthsink._sql": "sql", "healthsink._migrations": "migrations"},
)
