# cmake -DEXE=... -DARGS=a,b -DOUT=file [-DLANGUAGE=en|zh] -P RunToFile.cmake
# Runs a program built here and writes what it prints to OUT (the man page
# and the bash completion script, generated from the command's definition).
if(LANGUAGE STREQUAL "en")
  set(ENV{LC_ALL} "")
  set(ENV{LC_MESSAGES} "")
  set(ENV{LANG} "en_US.UTF-8")
elseif(LANGUAGE STREQUAL "zh")
  set(ENV{LC_ALL} "")
  set(ENV{LC_MESSAGES} "")
  set(ENV{LANG} "zh_CN.UTF-8")
endif()
string(REPLACE "," ";" ARGS "${ARGS}")
execute_process(COMMAND ${EXE} ${ARGS} OUTPUT_FILE ${OUT}.part RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT}.part)
  message(FATAL_ERROR "${EXE} ${ARGS} failed: ${rc}")
endif()
file(RENAME ${OUT}.part ${OUT})
