import pytest

import tipsim


def test_plots_draw_without_errors(comparison_batch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 3)
    tipsim.plot.timeseries(comparison_batch, "victims_recruited", ax=axes[0], per="year")
    tipsim.plot.effects(comparison_batch.compare(metrics=["victims_recruited"]), "victims_recruited", ax=axes[1])
    tipsim.plot.network(comparison_batch, ax=axes[2])
    assert axes[0].get_lines()
    plt.close(figure)
