"""Every validation code reaches the client as a 400 with the one JSON error shape."""

from __future__ import annotations

import pytest

from attributes_v1.models import ListingAttributeValue
from tests.attributes.write_routes import WRITES, write
from tests.factories import LegacyAttributeFactory, LegacyListingValueFactory

pytestmark = pytest.mark.django_db


def _problems(response) -> list[dict]:
    """Return the problems of a validation error, checking the body's shape."""
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert isinstance(error["message"], str) and error["message"]
    for problem in error["details"]:
        assert set(problem) == {"code", "message", "attribute_ids"}
        assert isinstance(problem["message"], str) and problem["message"]
    return error["details"]


def _codes(response) -> list[tuple[str, list[int]]]:
    return sorted((p["code"], p["attribute_ids"]) for p in _problems(response))


@pytest.mark.parametrize("route", WRITES)
def test_attribute_that_does_not_exist_is_unknown_attribute(
    owner_client, listing, route
):
    # given
    missing_id = 987_654

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": missing_id, "text_value": "x"}],
    )

    # then
    assert _codes(response) == [("unknown_attribute", [missing_id])]


@pytest.mark.parametrize("route", WRITES)
def test_attribute_of_another_category_is_not_in_category(owner_client, listing, route):
    # given
    elsewhere = LegacyAttributeFactory()

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": elsewhere.pk, "text_value": "x"}],
    )

    # then
    assert _codes(response) == [("not_in_category", [elsewhere.pk])]


@pytest.mark.parametrize("route", WRITES)
def test_attribute_with_disabled_mapping_is_not_in_category(
    owner_client, listing, enable, route
):
    # given
    disabled = enable("text", mapping={"is_enabled": False})

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": disabled.pk, "text_value": "x"}],
    )

    # then
    assert _codes(response) == [("not_in_category", [disabled.pk])]


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize(
    ("attribute_type", "fields"),
    [
        pytest.param("text", {"numeric_value": 5}, id="text-in-numeric-field"),
        pytest.param("number", {"text_value": "5"}, id="number-in-text-field"),
        pytest.param("text", {"text_value": "a", "json_value": ["a"]}, id="two-fields"),
        pytest.param("text", {"text_value": 5}, id="text-not-a-string"),
        pytest.param("number", {"numeric_value": "five"}, id="number-not-a-number"),
        pytest.param("number", {"numeric_value": True}, id="number-is-a-boolean"),
        pytest.param("boolean", {"boolean_value": "yes"}, id="boolean-as-string"),
        pytest.param("multiselect", {"json_value": "a"}, id="multiselect-not-a-list"),
        pytest.param("multiselect", {"json_value": [1, 2]}, id="multiselect-numbers"),
        pytest.param("date", {"date_value": "31.12.2024"}, id="date-not-iso"),
        pytest.param("date", {"date_value": 20241231}, id="date-a-number"),
        pytest.param("number", {"numeric_value": "NaN"}, id="number-nan"),
        pytest.param("text", {"text_value": "a\x00b"}, id="text-with-nul"),
        pytest.param("multiselect", {"json_value": ["a\x00"]}, id="list-with-nul"),
        pytest.param("text", {}, id="no-value"),
        pytest.param("text", {"text_value": None}, id="null-value"),
    ],
)
def test_wrong_field_wrong_json_type_or_no_value_is_invalid_type(
    owner_client, listing, enable, route, attribute_type, fields
):
    # given
    attribute = enable(attribute_type)

    # when
    response = write(
        owner_client, route, listing.pk, [{"attribute_id": attribute.pk, **fields}]
    )

    # then
    assert _codes(response) == [("invalid_type", [attribute.pk])]


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize(
    ("attribute_type", "field"),
    [
        pytest.param("text", '"text_value": "\\ud800"', id="text"),
        pytest.param("multiselect", '"json_value": ["a", "\\udfff"]', id="list"),
    ],
)
def test_lone_surrogate_is_invalid_type(
    owner_client, listing, enable, route, attribute_type, field
):
    # given: JSON may escape half of a surrogate pair, which no store can hold
    attribute = enable(attribute_type)
    method, url = route
    body = f'{{"attributes": [{{"attribute_id": {attribute.pk}, {field}}}]}}'

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk), body, content_type="application/json"
    )

    # then
    assert _codes(response) == [("invalid_type", [attribute.pk])]


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize(
    ("attribute_type", "fields"),
    [
        pytest.param("select", {"text_value": "broken"}, id="select"),
        pytest.param("multiselect", {"json_value": ["abs", "wings"]}, id="multiselect"),
    ],
)
def test_value_outside_the_options_is_not_allowed(
    owner_client, listing, enable, route, attribute_type, fields
):
    # given
    attribute = enable(
        attribute_type,
        options=["new", "used", "abs", {"value": "esp", "label": "ESP"}],
    )

    # when
    response = write(
        owner_client, route, listing.pk, [{"attribute_id": attribute.pk, **fields}]
    )

    # then
    assert _codes(response) == [("not_allowed", [attribute.pk])]


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize(
    ("rules", "number"),
    [
        pytest.param({"min": 0, "max": 100}, -1, id="below-min"),
        pytest.param({"min": 0, "max": 100}, "100.5", id="above-max"),
        pytest.param({}, "123456789012345", id="too-many-integer-digits"),
        pytest.param({}, "1.1234567", id="too-many-fraction-digits"),
        pytest.param({}, "1e30", id="exponent-past-the-column"),
        pytest.param({}, 10**30, id="integer-past-decimal-precision"),
        pytest.param({}, "1.0000000000000000000000000001", id="would-round-to-1"),
        pytest.param({}, "1e-100000000", id="would-round-to-0"),
    ],
)
def test_number_outside_the_rules_or_columns_is_out_of_range(
    owner_client, listing, enable, route, rules, number
):
    # given
    attribute = enable("number", validation_rules=rules)

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": attribute.pk, "numeric_value": number}],
    )

    # then
    assert _codes(response) == [("out_of_range", [attribute.pk])]


@pytest.mark.parametrize("route", WRITES)
def test_text_past_max_length_is_too_long(owner_client, listing, enable, route):
    # given
    attribute = enable("text", validation_rules={"max_length": 5})

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": attribute.pk, "text_value": "123456"}],
    )

    # then
    assert _codes(response) == [("too_long", [attribute.pk])]


@pytest.mark.parametrize("route", WRITES)
def test_text_not_matching_the_pattern_is_pattern_mismatch(
    owner_client, listing, enable, route
):
    # given
    attribute = enable("color", validation_rules={"pattern": "#[0-9a-f]{6}"})

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": attribute.pk, "text_value": "#ff00001"}],
    )

    # then
    assert _codes(response) == [("pattern_mismatch", [attribute.pk])]


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize("required_by", ["mapping", "attribute"])
def test_required_attribute_left_without_value_is_required(
    owner_client, listing, enable, route, required_by
):
    # given
    if required_by == "mapping":
        required = enable("text", mapping={"is_required": True})
    else:
        required = enable("text", is_required=True)
    optional = enable("text")

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": optional.pk, "text_value": "x"}],
    )

    # then
    assert _codes(response) == [("required", [required.pk])]


@pytest.mark.parametrize("route", WRITES)
def test_required_attribute_with_a_stored_value_need_not_be_resent(
    owner_client, listing, enable, route
):
    # given
    required = enable("text", mapping={"is_required": True})
    LegacyListingValueFactory(listing=listing, attribute=required, text_value="kept")
    optional = enable("text")

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": optional.pk, "text_value": "x"}],
    )

    # then
    assert response.status_code == 200, response.content


def test_deleting_a_required_attribute_value_is_refused(owner_client, listing, enable):
    # given
    required = enable("text", mapping={"is_required": True})
    LegacyListingValueFactory(listing=listing, attribute=required, text_value="kept")

    # when
    response = owner_client.delete(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes/{required.pk}"
    )

    # then
    assert _codes(response) == [("required", [required.pk])]
    assert ListingAttributeValue.objects.filter(
        listing=listing, attribute=required
    ).exists()


@pytest.mark.parametrize("route", WRITES)
def test_same_attribute_twice_in_one_batch_is_duplicate(
    owner_client, listing, enable, route
):
    # given
    attribute = enable("text")

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [
            {"attribute_id": attribute.pk, "text_value": "a"},
            {"attribute_id": attribute.pk, "text_value": "b"},
        ],
    )

    # then
    assert _codes(response) == [("duplicate", [attribute.pk])]


@pytest.mark.parametrize("route", WRITES)
def test_one_request_with_several_problems_gets_all_of_them(
    owner_client, listing, enable, route
):
    # given
    required = enable("text", mapping={"is_required": True})
    number = enable("number", validation_rules={"max": 10})
    select = enable("select", options=["new", "used"])
    elsewhere = LegacyAttributeFactory()
    valid = enable("text")

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [
            {"attribute_id": number.pk, "numeric_value": 11},
            {"attribute_id": select.pk, "text_value": "broken"},
            {"attribute_id": elsewhere.pk, "text_value": "x"},
            {"attribute_id": 987_654, "text_value": "x"},
            {"attribute_id": valid.pk, "boolean_value": True},
        ],
    )

    # then
    assert _codes(response) == sorted(
        [
            ("out_of_range", [number.pk]),
            ("not_allowed", [select.pk]),
            ("not_in_category", [elsewhere.pk]),
            ("unknown_attribute", [987_654]),
            ("invalid_type", [valid.pk]),
            ("required", [required.pk]),
        ]
    )


@pytest.mark.parametrize("route", WRITES)
def test_refused_batch_writes_nothing(owner_client, listing, enable, route):
    # given
    valid = enable("text")
    invalid = enable("number")

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [
            {"attribute_id": valid.pk, "text_value": "fine"},
            {"attribute_id": invalid.pk, "numeric_value": "five"},
        ],
    )

    # then
    assert response.status_code == 400
    assert not ListingAttributeValue.objects.filter(listing=listing).exists()


@pytest.mark.parametrize("route", WRITES)
def test_valid_batch_of_every_type_is_saved(owner_client, listing, enable, route):
    # given
    text = enable("text", validation_rules={"max_length": 10, "pattern": "[a-z]+"})
    number = enable("number", validation_rules={"min": 0, "max": 100})
    boolean = enable("boolean")
    select = enable("select", options=[{"value": "new", "label": "New"}])
    multiselect = enable("multiselect", options=["abs", "esp"])
    when = enable("date")

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [
            {"attribute_id": text.pk, "text_value": "denim"},
            {"attribute_id": number.pk, "numeric_value": "99.5"},
            {"attribute_id": boolean.pk, "boolean_value": False},
            {"attribute_id": select.pk, "text_value": "new"},
            {"attribute_id": multiselect.pk, "json_value": ["abs", "esp"]},
            {"attribute_id": when.pk, "date_value": "2024-12-31"},
        ],
    )

    # then
    assert response.status_code == 200, response.content
    assert ListingAttributeValue.objects.filter(listing=listing).count() == 6
