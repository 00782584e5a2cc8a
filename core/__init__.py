"""Focus Coach's core: recording, storage, coaching and the model. Never imports Qt."""
