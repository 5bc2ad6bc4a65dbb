#ifndef SEAM_SEAM_H
#define SEAM_SEAM_H

/* Everything in the seam-client library: include this one header. */

#include "seam/status.h"
#include "seam/client.h"
#include "seam/objects.h"
#include "seam/api.h"
#include "seam/paginator.h"
#include "seam/webhook.h"

#endif
