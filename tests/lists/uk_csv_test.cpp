// Reading the `uk-csv` format. To be written with the reader.
#include <catch2/catch.hpp>

#include "sanx/ingest/lists.hpp"
