#ifndef HANDOFF_CDEFLATE_SHIM_H
#define HANDOFF_CDEFLATE_SHIM_H

#include <libdeflate.h>

#endif
