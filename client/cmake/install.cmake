# Installation: headers, libseam-client, seam-cli, the exported CMake
# package (find_package(seam-client) -> seam::client) and seam-client.pc.

include(CMakePackageConfigHelpers)

set(SEAMC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/seam-client)

install(TARGETS seam_client EXPORT seam-client-targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS seam-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/seam DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT seam-client-targets
    NAMESPACE seam::
    DESTINATION ${SEAMC_CMAKE_DIR})

configure_package_config_file(cmake/seam-client-config.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/seam-client-config.cmake
    INSTALL_DESTINATION ${SEAMC_CMAKE_DIR})
write_basic_package_version_file(
    ${CMAKE_CURRENT_BINARY_DIR}/seam-client-config-version.cmake
    VERSION ${SEAMC_VERSION}
    COMPATIBILITY SameMinorVersion)
install(FILES
    ${CMAKE_CURRENT_BINARY_DIR}/seam-client-config.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/seam-client-config-version.cmake
    DESTINATION ${SEAMC_CMAKE_DIR})

# The .pc file finds its prefix relative to itself, so the tree can be
# installed anywhere with `cmake --install --prefix`.
file(RELATIVE_PATH SEAMC_PC_TO_PREFIX
    /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
configure_file(cmake/seam-client.pc.in
    ${CMAKE_CURRENT_BINARY_DIR}/seam-client.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/seam-client.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
