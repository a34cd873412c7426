"""Builds tipsim._core with CMake when pip installs the package:

    python3 -m venv --system-site-packages env && env/bin/pip install --no-build-isolation .
"""

import os
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, extension: Extension) -> None:
        output = Path(self.get_ext_fullpath(extension.name)).parent.resolve()
        build = Path(self.build_temp).resolve() / "cmake"
        source = Path(__file__).parent.resolve()
        build.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cmake", "-S", str(source), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                        "-DTIPSIM_BUILD_TESTS=OFF", "-DTIPSIM_BUILD_BENCHMARKS=OFF", "-DTIPSIM_WITH_MPI=OFF",
                        f"-DTIPSIM_PYTHON_OUTPUT_DIR={output}", f"-DPython_EXECUTABLE={sys.executable}"],
                       check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "_core", "-j", str(os.cpu_count() or 1)],
                       check=True)


setup(ext_modules=[CMakeExtension("tipsim._core")], cmdclass={"build_ext": CMakeBuild})
