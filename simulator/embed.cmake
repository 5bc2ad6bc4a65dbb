# Writes INPUT as a NUL-terminated C char array named
# sim_fixture_default_json into OUTPUT.
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT}
    "/* Generated from fixtures/default.json by simulator/embed.cmake. */\n"
    "const char sim_fixture_default_json[] = {\n${bytes}0x00 };\n")
