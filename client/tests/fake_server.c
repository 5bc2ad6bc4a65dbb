/* A scripted loopback HTTP server for the unit tests (see the header). */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fake_server.h"

#define MAX_QUEUED   64
#define MAX_RECORDED 128
#define MAX_REQUEST  (1024 * 1024)

struct queued_reply {
    struct fake_reply reply;
    char *content_type;
    char *headers;
    char *body;
};

struct fake_server {
    int listen_fd;
    int port;
    char url[64];
    pthread_t thread;
    pthread_mutex_t lock;
    bool stopping;
    struct queued_reply queue[MAX_QUEUED];
    size_t queue_head;
    size_t queue_tail;
    struct fake_request recorded[MAX_RECORDED];
    size_t recorded_count;
};

static char *copy_or_null(const char *text)
{
    char *copy;

    if (text == NULL) {
        return NULL;
    }
    copy = strdup(text);
    if (copy == NULL) {
        abort();
    }
    return copy;
}

static bool is_stopping(struct fake_server *server)
{
    bool stopping;

    pthread_mutex_lock(&server->lock);
    stopping = server->stopping;
    pthread_mutex_unlock(&server->lock);
    return stopping;
}

/* Sleeps in small steps so a stop request is not held up. */
static void pause_ms(struct fake_server *server, int delay_ms)
{
    while (delay_ms > 0 && !is_stopping(server)) {
        int step = delay_ms < 20 ? delay_ms : 20;
        struct timespec pause = { 0, step * 1000000L };

        nanosleep(&pause, NULL);
        delay_ms -= step;
    }
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t sent = send(fd, data, len, MSG_NOSIGNAL);

        if (sent <= 0) {
            return;
        }
        data += sent;
        len -= (size_t)sent;
    }
}

/* Reads one request (headers plus Content-Length body) into `request`. */
static bool read_request(int fd, struct fake_request *request)
{
    char *buffer = malloc(MAX_REQUEST + 1);
    size_t used = 0;
    char *header_end = NULL;
    size_t content_length = 0;
    size_t header_len;
    const char *line_end;
    char length_text[32];

    if (buffer == NULL) {
        abort();
    }
    memset(request, 0, sizeof(*request));
    for (;;) {
        ssize_t got;

        if (header_end != NULL &&
            used >= (size_t)(header_end - buffer) + 4 + content_length) {
            break;
        }
        got = recv(fd, buffer + used, MAX_REQUEST - used, 0);
        if (got <= 0) {
            free(buffer);
            return false;
        }
        used += (size_t)got;
        buffer[used] = '\0';
        if (header_end == NULL && (header_end = strstr(buffer, "\r\n\r\n"))) {
            *header_end = '\0';
            snprintf(request->headers, sizeof(request->headers), "%s", buffer);
            *header_end = '\r';
            if (fake_request_header(request, "content-length", length_text,
                                    sizeof(length_text))) {
                content_length = (size_t)strtoul(length_text, NULL, 10);
            }
        }
    }

    /* Request line: METHOD TARGET VERSION. */
    sscanf(buffer, "%15s %4095s", request->method, request->target);
    line_end = strstr(request->headers, "\r\n");
    if (line_end != NULL) {
        memmove(request->headers, line_end + 2, strlen(line_end + 2) + 1);
    }
    header_len = (size_t)(header_end - buffer) + 4;
    request->body = malloc(content_length + 1);
    if (request->body == NULL) {
        abort();
    }
    memcpy(request->body, buffer + header_len, content_length);
    request->body[content_length] = '\0';
    request->body_len = content_length;
    free(buffer);
    return true;
}

static void answer(struct fake_server *server, int fd,
                   const struct queued_reply *queued)
{
    const struct fake_reply *reply = &queued->reply;
    const char *body = queued->body != NULL ? queued->body : "";
    char head[1024];
    int head_len;

    pause_ms(server, reply->delay_ms);
    if (reply->action == FAKE_DROP) {
        return;
    }
    head_len =
        snprintf(head, sizeof(head),
                 "HTTP/1.1 %d Test\r\n"
                 "Content-Type: %s\r\n"
                 "Content-Length: %zu\r\n"
                 "Connection: close\r\n"
                 "%s\r\n",
                 reply->status,
                 queued->content_type != NULL ? queued->content_type
                                              : "application/json",
                 strlen(body), queued->headers != NULL ? queued->headers : "");
    write_all(fd, head, (size_t)head_len);
    write_all(fd, body, strlen(body));
}

static void *serve(void *user)
{
    static const struct queued_reply exhausted = {
        { FAKE_RESPOND, 599, "text/plain", NULL, "no reply queued", 0 },
        "text/plain",
        NULL,
        "no reply queued",
    };
    struct fake_server *server = user;

    while (!is_stopping(server)) {
        struct pollfd poller = { server->listen_fd, POLLIN, 0 };
        struct fake_request request;
        struct queued_reply current;
        int fd;

        if (poll(&poller, 1, 50) <= 0) {
            continue;
        }
        fd = accept(server->listen_fd, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        if (!read_request(fd, &request)) {
            close(fd);
            continue;
        }

        /* Record the request, then take the next reply. */
        pthread_mutex_lock(&server->lock);
        if (server->recorded_count < MAX_RECORDED) {
            server->recorded[server->recorded_count++] = request;
        } else {
            free(request.body);
        }
        current = exhausted;
        if (server->queue_head < server->queue_tail) {
            current = server->queue[server->queue_head++ % MAX_QUEUED];
        }
        pthread_mutex_unlock(&server->lock);

        answer(server, fd, &current);
        shutdown(fd, SHUT_RDWR);
        close(fd);
        if (current.content_type != exhausted.content_type) {
            free(current.content_type);
        }
        if (current.body != exhausted.body) {
            free(current.headers);
            free(current.body);
        }
    }
    return NULL;
}

struct fake_server *fake_server_start(void)
{
    struct fake_server *server = calloc(1, sizeof(*server));
    struct sockaddr_in address;
    socklen_t address_len = sizeof(address);
    int yes = 1;

    if (server == NULL) {
        abort();
    }
    pthread_mutex_init(&server->lock, NULL);
    server->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    setsockopt(server->listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (server->listen_fd < 0 ||
        bind(server->listen_fd, (struct sockaddr *)&address, sizeof(address)) !=
            0 ||
        listen(server->listen_fd, 16) != 0 ||
        getsockname(server->listen_fd, (struct sockaddr *)&address,
                    &address_len) != 0) {
        perror("fake_server_start");
        abort();
    }
    server->port = ntohs(address.sin_port);
    snprintf(server->url, sizeof(server->url), "http://127.0.0.1:%d",
             server->port);
    if (pthread_create(&server->thread, NULL, serve, server) != 0) {
        abort();
    }
    return server;
}

void fake_server_stop(struct fake_server *server)
{
    size_t i;

    if (server == NULL) {
        return;
    }
    pthread_mutex_lock(&server->lock);
    server->stopping = true;
    pthread_mutex_unlock(&server->lock);
    pthread_join(server->thread, NULL);
    close(server->listen_fd);
    for (i = server->queue_head; i < server->queue_tail; i++) {
        struct queued_reply *left = &server->queue[i % MAX_QUEUED];

        free(left->content_type);
        free(left->headers);
        free(left->body);
    }
    for (i = 0; i < server->recorded_count; i++) {
        free(server->recorded[i].body);
    }
    pthread_mutex_destroy(&server->lock);
    free(server);
}

int fake_server_port(const struct fake_server *server)
{
    return server->port;
}

const char *fake_server_url(const struct fake_server *server)
{
    return server->url;
}

void fake_server_queue(struct fake_server *server,
                       const struct fake_reply *reply)
{
    struct queued_reply *slot;

    pthread_mutex_lock(&server->lock);
    if (server->queue_tail - server->queue_head >= MAX_QUEUED) {
        abort();
    }
    slot = &server->queue[server->queue_tail++ % MAX_QUEUED];
    slot->reply = *reply;
    slot->content_type = copy_or_null(reply->content_type);
    slot->headers = copy_or_null(reply->headers);
    slot->body = copy_or_null(reply->body);
    pthread_mutex_unlock(&server->lock);
}

void fake_server_queue_json(struct fake_server *server, int status,
                            const char *body)
{
    struct fake_reply reply = { 0 };

    reply.status = status;
    reply.body = body;
    reply.headers = "seam-request-id: req_test\r\n";
    fake_server_queue(server, &reply);
}

size_t fake_server_request_count(struct fake_server *server)
{
    size_t count;

    pthread_mutex_lock(&server->lock);
    count = server->recorded_count;
    pthread_mutex_unlock(&server->lock);
    return count;
}

const struct fake_request *fake_server_request(struct fake_server *server,
                                               size_t index)
{
    const struct fake_request *request = NULL;

    pthread_mutex_lock(&server->lock);
    if (index < server->recorded_count) {
        request = &server->recorded[index];
    }
    pthread_mutex_unlock(&server->lock);
    return request;
}

bool fake_request_header(const struct fake_request *request, const char *name,
                         char *out, size_t size)
{
    size_t name_len = strlen(name);
    const char *line = request->headers;

    while (line != NULL && *line != '\0') {
        const char *end = strstr(line, "\r\n");
        size_t line_len = end != NULL ? (size_t)(end - line) : strlen(line);

        if (line_len > name_len && line[name_len] == ':' &&
            strncasecmp(line, name, name_len) == 0) {
            const char *value = line + name_len + 1;
            size_t value_len = line_len - name_len - 1;

            while (value_len > 0 && *value == ' ') {
                value++;
                value_len--;
            }
            snprintf(out, size, "%.*s", (int)value_len, value);
            return true;
        }
        line = end != NULL ? end + 2 : NULL;
    }
    return false;
}
