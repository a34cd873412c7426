import numpy as np
import pytest

from tipsim import sensitivity

ISHIGAMI = {f"x{i}": (-np.pi, np.pi) for i in (1, 2, 3)}
# analytical values for a = 7, b = 0.1
FIRST = [0.3139, 0.4424, 0.0]
TOTAL = [0.5576, 0.4424, 0.2437]


def test_sobol_indices_of_the_ishigami_function_match_the_known_values():
    indices = sensitivity.sobol(sensitivity.ishigami, ISHIGAMI, n=8192, seed=3)
    np.testing.assert_allclose(indices["S1"], FIRST, atol=0.03)
    np.testing.assert_allclose(indices["ST"], TOTAL, atol=0.03)
    # the bootstrap intervals hold the true values
    assert (indices["S1_low"] <= np.array(FIRST) + 0.01).all() and (indices["S1_high"] >= np.array(FIRST) - 0.01).all()
    assert (indices["ST_low"] <= np.array(TOTAL) + 0.01).all() and (indices["ST_high"] >= np.array(TOTAL) - 0.01).all()


def test_morris_screening_ranks_the_ishigami_inputs():
    effects = sensitivity.morris(sensitivity.ishigami, ISHIGAMI, trajectories=60, seed=1)
    assert list(effects["parameter"]) == ["x1", "x2", "x3"]
    # x3 acts only through its interaction with x1: a mean near zero, a large spread
    x3 = effects.set_index("parameter").loc["x3"]
    assert abs(x3["mu"]) < x3["sigma"]


def test_a_parameter_without_effect_gets_indices_near_zero():
    indices = sensitivity.sobol(lambda x: 3 * x[:, 0], {"a": (0, 1), "b": (0, 1)}, n=1024)
    assert indices.loc[0, "S1"] == pytest.approx(1, abs=0.02)
    assert abs(indices.loc[1, "ST"]) < 1e-12


def test_sobol_refuses_a_sample_size_that_is_not_a_power_of_two():
    with pytest.raises(ValueError, match="power of two"):
        sensitivity.sobol(sensitivity.ishigami, ISHIGAMI, n=1000)


def test_tipsim_itself_can_be_screened(small_scenario_path, tmp_path):
    from tipsim.targets import Target

    purchases = Target("purchases", ["peacekeeper_purchases"], "per_year", 0, 0, "true", "")
    function = sensitivity.model(small_scenario_path, purchases,
                                 ["peacekeepers.purchase_probability", "traffickers.freedom_value"], tmp_path,
                                 threads=2)
    effects = sensitivity.morris(function, {"peacekeepers.purchase_probability": (0.01, 0.08),
                                            "traffickers.freedom_value": (1000, 5000)}, trajectories=4)
    ranked = effects.set_index("parameter")
    assert ranked.loc["peacekeepers.purchase_probability", "mu"] > 0
    assert (ranked.loc["peacekeepers.purchase_probability", "mu_star"]
            > ranked.loc["traffickers.freedom_value", "mu_star"])
