"""The data folder's lock (`index/lock.py`): one process owns a local folder."""

import os
from pathlib import Path

import pytest
from protokoll.index.embedding import Embedder
from protokoll.index.lock import DataFolderBusy, DataLock
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings


def test_second_process_on_same_data_folder_gets_a_clear_message(
    tmp_path: Path, embedder: Embedder
) -> None:
    data = tmp_path / "d"
    busy = pytest.raises(DataFolderBusy, match="används av en annan process")
    with Protokollsok(Settings(data=data), embedder=embedder), busy:
        Protokollsok(Settings(data=data, lock_timeout=0), embedder=embedder)


def test_a_released_lock_can_be_taken_again_and_names_its_owner(tmp_path: Path) -> None:
    first = DataLock(tmp_path, timeout=0)
    assert (tmp_path / ".lock").read_text() == str(os.getpid())
    with pytest.raises(DataFolderBusy, match=str(tmp_path)):
        DataLock(tmp_path, timeout=0)
    first.release()
    DataLock(tmp_path, timeout=0).release()
