"""The build step that puts notebooks/ and data/ into the wheel (pyproject's cmdclass).

The repository keeps one copy of the user's notebooks and the example log, where a person
finds them; a wheel carries them inside the package as psoas_track/notebooks and
psoas_track/data, where psoas_track.shipped looks first. An editable install reads them
from the clone, so nothing is copied for it.
"""

from pathlib import Path

from setuptools.command.build_py import build_py

#: Folder of the project -> the files of it that the wheel carries.
SHIPPED = {
    "notebooks": ("explore.ipynb", "log_entry.ipynb"),
    "data": ("example_log.csv", "template.csv", "template.xlsx"),
}


class BuildPy(build_py):
    """build_py, then the shipped files copied into the built package."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            for source, target in self._shipped():
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        shipped = [] if self.editable_mode else [str(t) for _, t in self._shipped()]
        return [*super().get_outputs(include_bytecode), *shipped]

    def _shipped(self) -> list[tuple[Path, Path]]:
        package = Path(self.build_lib, "psoas_track")
        return [
            (Path(folder, name), package / folder / name)
            for folder, names in SHIPPED.items()
            for name in names
        ]
