"""The results file as tools that know nothing of tipsim read it: netCDF-4 (ncdump, from
netcdf-bin), xarray through h5netcdf, and h5py (docs/hdf5-schema.md)."""

import shutil
import subprocess

import h5py
import numpy as np
import pytest
import xarray as xr


@pytest.fixture(scope="module")
def batch_file(comparison_batch):
    return comparison_batch.path


@pytest.fixture(scope="module")
def run_file(tmp_path_factory, small_scenario_path, tipsim_executable):
    out = tmp_path_factory.mktemp("run") / "run.h5"
    done = subprocess.run([tipsim_executable, "run", str(small_scenario_path), "-q", "-o", str(out),
                           "--set", "time.years=1"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def datasets(path):
    found = {}
    with h5py.File(path, "r") as file:
        file.visititems(lambda name, item: found.update({name: item}) if isinstance(item, h5py.Dataset) else None)
        return {name: (item.dtype, dict(item.attrs), h5py.h5ds.is_scale(item.id),
                       [[scale.name for scale in dim.values()] for dim in item.dims])
                for name, item in found.items()}


@pytest.mark.parametrize("which", ["run_file", "batch_file"])
def test_every_dataset_has_a_long_name_numbers_have_units_and_every_dimension_a_scale(which, request):
    for name, (dtype, attributes, scale, dimensions) in datasets(request.getfixturevalue(which)).items():
        assert attributes.get("long_name"), name
        if dtype.kind in "iuf":
            assert "units" in attributes, name
        else:
            assert "units" not in attributes, name  # text has no units (CF)
        for dimension in dimensions:  # a scale is its own dimension
            assert len(dimension) == (0 if scale else 1), (name, dimension)


def test_runs_and_municipalities_are_told_apart_by_named_dimensions(run_file):
    with h5py.File(run_file, "r") as file:
        local = file["locations/victims_exploited_local"]
        assert [dim.values()[0].name for dim in local.dims] == ["/run", "/step", "/municipality"]
        assert [dim.values()[0].name for dim in file["timeseries/victims_recruited"].dims] == ["/run", "/step"]
        assert file["time/year"].attrs["units"] == "year"
        assert file["time/year"].dims[0].values()[0].name == "/step"
        assert list(file["runs"].attrs) and list(file["network"].attrs)


def test_ncdump_reads_the_file_as_netcdf4_without_tipsim(batch_file):
    ncdump = shutil.which("ncdump")
    assert ncdump, "netcdf-bin is part of the set-up (tools/install-dependencies)"
    done = subprocess.run([ncdump, "-h", str(batch_file)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    header = done.stdout
    assert "run = UNLIMITED ; // (36 currently)" in header
    assert "municipality = 6 ;" in header
    assert "int64 victims_recruited(run, step) ;" in header
    assert "victims_exploited_local(run, step, municipality)" in header
    assert 'victims_recruited:units = "persons/week" ;' in header
    assert "group: summary" in header and "double victims_recruited(configuration, statistic)" in header


def test_xarray_opens_every_group_with_h5netcdf_and_keeps_integer_types(batch_file):
    with xr.open_dataset(batch_file, engine="h5netcdf") as root:
        assert root.sizes["run"] == 36
        np.testing.assert_array_equal(root["run"], np.arange(36))
        assert root.attrs["format"] == "tipsim-results"
    with xr.open_dataset(batch_file, engine="h5netcdf", group="timeseries") as series:
        recruited = series["victims_recruited"]
        assert recruited.dims == ("run", "step")
        assert recruited.dtype == np.int64
        assert recruited.attrs["units"] == "persons/week"
    with xr.open_dataset(batch_file, engine="h5netcdf", group="locations") as places:
        assert places["victims_exploited_local"].dims == ("run", "step", "municipality")
    with xr.open_dataset(batch_file, engine="h5netcdf", group="runs") as runs:
        assert list(runs["variant"].values[:1]) == ["baseline"]
    with xr.open_dataset(batch_file, engine="h5netcdf", group="summary") as summary:
        assert list(summary["statistic"].values[:2]) == ["mean", "q05"]
        assert summary["variant"].dims == ("configuration",)
    with xr.open_dataset(batch_file, engine="h5netcdf", group="summary/metrics") as metrics:
        assert metrics["victims_recruited"].dims == ("configuration", "statistic")
    with xr.open_dataset(batch_file, engine="h5netcdf", group="summary/costs") as costs:
        assert costs["victim_weeks"].dims == ("configuration", "cost_statistic")
        assert costs["people_first_trafficked"].attrs["units"] == "USD/person"
    with xr.open_dataset(batch_file, engine="h5netcdf", group="metadata") as metadata:
        assert metadata.attrs["command"].startswith("tipsim batch ")
        assert metadata.attrs["uncommitted_changes"] in ("true", "false", "unknown")


def test_the_command_line_that_made_a_file_is_in_its_metadata(run_file, small_scenario_path):
    import shlex

    with h5py.File(run_file, "r") as file:
        command = shlex.split(file["metadata"].attrs["command"])
    assert command[1:] == ["run", str(small_scenario_path), "-q", "-o", str(run_file), "--set", "time.years=1"]
