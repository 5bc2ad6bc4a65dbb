#include "status.h"

struct status_row {
    int http;
    const char *type;
    const char *message;
};

static const struct status_row rows[] = {
#define SIM_STATUS_ROW(name, http, type, message) { http, type, message },
    SIM_STATUS_TABLE(SIM_STATUS_ROW)
#undef SIM_STATUS_ROW
};

static const struct status_row *row_of(enum sim_status status)
{
    if ((unsigned)status >= SIM_STATUS_COUNT)
        return &rows[SIM_INTERNAL];
    return &rows[status];
}

int sim_status_http(enum sim_status status)
{
    return row_of(status)->http;
}

const char *sim_status_type(enum sim_status status)
{
    return row_of(status)->type;
}

const char *sim_status_message(enum sim_status status)
{
    return row_of(status)->message;
}
