"""The report's own PNG writer: any reader decodes exactly the pixels drawn."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from focuscoach.core.reports import png_file


def test_pixels_and_resolution_survive_a_round_trip() -> None:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    data = png_file.encode(png_file.rows_for(pixels.tobytes(), 53, 37), 53, dpi=100)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.mode == "RGBA" and image.size == (53, 37)
        assert np.array_equal(np.asarray(image), pixels)
        assert [round(x) for x in image.info["dpi"]] == [100, 100]
        assert image.info["Software"] == "Focus Coach"
