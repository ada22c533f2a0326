"""Static files as production serves them: compressed, hashed, and their addresses known."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed files with hashed names, each address worked out once.

    Every page asks for the same dozen addresses ({% static %}), and each url() split the name,
    looked its hash up in the manifest and joined the address again (about 20 µs each). The
    manifest is read once, when the process starts, and does not change while it runs: nor do
    the addresses.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        try:
            return self._addresses[name]
        except KeyError:
            address = self._addresses[name] = super().url(name)
            return address
