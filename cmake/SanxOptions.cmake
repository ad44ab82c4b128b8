# INTERFACE targets every sanx target links: warnings (sanx::warnings) and build options such as
# sanitizers (sanx::options). Presets switch them through SANX_WERROR and SANX_SANITIZE.
add_library(sanx_warnings INTERFACE)
add_library(sanx::warnings ALIAS sanx_warnings)
target_compile_options(sanx_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
  # -Wnull-dereference is left out: with g++ 12 at -O2 it reports false positives inside libstdc++
  # when inlined into CLI11.
  $<$<BOOL:${SANX_WERROR}>:-Werror>)

add_library(sanx_options INTERFACE)
add_library(sanx::options ALIAS sanx_options)
if(SANX_SANITIZE)
  target_compile_options(sanx_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(sanx_options INTERFACE -fsanitize=address,undefined)
endif()

# sanx_layer(NAME SOURCES... DEPS ...) declares one engine layer library sanx_NAME with alias sanx::NAME.
function(sanx_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS")
  add_library(sanx_${name} STATIC ${arg_SOURCES})
  add_library(sanx::${name} ALIAS sanx_${name})
  target_include_directories(sanx_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/engine/include>
    PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
  target_link_libraries(sanx_${name} PUBLIC ${arg_PUBLIC_DEPS} sanx::options
                                      PRIVATE ${arg_PRIVATE_DEPS} sanx::warnings)
endfunction()
