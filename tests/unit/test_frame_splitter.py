"""FrameSplitter: the frames of a multiplexed exec stream, whatever sizes its chunks arrive in."""

import struct

from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import FrameSplitter

FRAMES = st.lists(st.tuples(st.sampled_from(['stdout', 'stderr']), st.binary(min_size=1, max_size=300)), max_size=8)


def encode(frames):
    return b''.join(struct.pack('>BxxxL', 2 if stream == 'stderr' else 1, len(data)) + data for stream, data in frames)


@given(FRAMES, st.lists(st.integers(min_value=1, max_value=97), min_size=1, max_size=20))
def test_frames_come_out_whole_and_in_order_for_any_chunking(frames, sizes):
    data, splitter, found, position = encode(frames), FrameSplitter(), [], 0
    index = 0
    while position < len(data):
        size = sizes[index % len(sizes)]
        found.extend(splitter.feed(data[position:position + size]))
        position, index = position + size, index + 1
    assert found == frames
    assert splitter.pending == 0


def test_a_cut_short_stream_leaves_its_bytes_pending():
    splitter = FrameSplitter()
    assert splitter.feed(encode([('stdout', b'whole')]) + encode([('stderr', b'cut')])[:9]) == [('stdout', b'whole')]
    assert splitter.pending == 9
