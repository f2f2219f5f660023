#!/usr/bin/env python
"""The cost curve of docs/benchmark.json as a PNG: seconds per container against N, per case and phase.

    python bench/plot.py docs/benchmark.json docs/benchmark.png

Runs in the benchmark's virtualenv (bench/.venv), which has matplotlib.
"""

import json
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402  pylint: disable=wrong-import-position

LABELS = {'dockyard': 'looped container', 'bulk': 'containers', 'community': 'looped community.docker'}
STYLES = {'create': '-', 'no-op': '--', 'remove': ':'}


def main(source, target):
    with open(source) as handle:
        results = json.load(handle)
    figure, axes = plt.subplots(figsize=(10, 4.5), dpi=100)
    for case in ('dockyard', 'community', 'bulk'):
        points = sorted((point for point in results['curve'] if point['case'] == case), key=lambda point: point['n'])
        for phase, style in STYLES.items():
            if points and all(phase in point for point in points):
                sizes = [point['n'] for point in points]
                axes.plot(sizes, [1000 * point[phase] / point['n'] for point in points], style, marker='o',
                          label='%s, %s' % (LABELS[case], phase))
    floors = sorted((int(size), value['parallel']['create']) for size, value in results['api_floor'].items())
    axes.plot([size for size, _seconds in floors], [1000 * seconds / size for size, seconds in floors], '-', color='grey',
              marker='x', label='raw API create (4 connections)')
    axes.set_xscale('log')
    axes.set_yscale('log')
    sizes = sorted(set(point['n'] for point in results['curve']))
    axes.set_xticks(sizes)
    axes.set_xticklabels([str(size) for size in sizes])
    axes.minorticks_off()
    axes.set_xlabel('containers (N)')
    axes.set_ylabel('milliseconds per container')
    axes.set_title('Converge cost per container, %s, %d CPUs' % (results['machine']['date'], results['machine']['cpus']))
    axes.grid(True, which='both', alpha=0.3)
    axes.legend(fontsize=8, loc='upper left', bbox_to_anchor=(1.02, 1.0))
    figure.tight_layout()
    figure.savefig(target)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
