# SPDX-License-Identifier: BSD-2-Clause
# Every dependency is a Debian package (scripts/install-deps.sh); nothing is downloaded.
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
find_package(CURL 7.85 REQUIRED) # CURLOPT_PROTOCOLS_STR
find_package(LibLZMA REQUIRED)
if(JRUN_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(JRUN_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
