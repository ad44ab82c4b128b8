// Reading the `eu-xml` format. To be written with the reader.
#include <catch2/catch.hpp>

#include "sanx/ingest/lists.hpp"
