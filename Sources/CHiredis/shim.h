#ifndef TURNOUT_CHIREDIS_SHIM_H
#define TURNOUT_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#endif
