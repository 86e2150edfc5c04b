"""Ships the project's top-level templates/ folder inside the package as topolreport.templates.

Everything else about the build is in pyproject.toml. The package mapping lives here because
pyproject.toml cannot combine a package search under src/ with a package kept elsewhere, and
templates/ stays at the top of the project where a team finds it to rebrand.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "topolreport.templates"],
    package_dir={"": "src", "topolreport.templates": "templates"},
)
