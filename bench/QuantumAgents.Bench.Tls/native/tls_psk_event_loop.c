// SPDX-License-Identifier: MIT
// The event-loop baseline of bench/tls: the same connections as the blocking threads of
// tls_psk_bench.c (connect, TLS 1.3 PSK handshake, 1-byte echo, close), driven the way an async
// server drives them: non-blocking sockets, epoll, one loop thread per CPU and no thread per
// connection: the like-for-like yardstick for PskTlsStream's async API, as the blocking threads
// are for its sync API.
//
// Each loop has its own listener and keeps PARALLEL / loops client connections of its own in
// flight; every socket waits for exactly what OpenSSL asked for (SSL_ERROR_WANT_READ/WRITE).
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tls_psk_bench.h"

enum step { CONNECTING, HANDSHAKING, SENDING, RECEIVING };

struct connection {
	int fd;
	SSL *ssl;
	int server;
	enum step step;
	uint32_t waiting_for; /* the epoll events armed for it, 0 = not yet added */
	unsigned char byte;
};

struct event_loop {
	pthread_t thread;
	int epoll;
	int listener;
	int port;
	long in_flight;    /* client connections kept open at once */
	long clients_open;
	long to_connect;   /* client connections this loop still starts */
	long to_finish;    /* connection ends, client and server, this loop still has to finish */
};

static void wait_for(struct event_loop *loop, struct connection *c, uint32_t events)
{
	struct epoll_event event = { .events = events, .data.ptr = c };

	if (c->waiting_for == events)
		return;
	if (epoll_ctl(loop->epoll, c->waiting_for ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &event) != 0)
		die("epoll_ctl");
	c->waiting_for = events;
}

static void finish(struct event_loop *loop, struct connection *c)
{
	SSL_free(c->ssl);
	close(c->fd); /* also takes it out of the epoll set */
	if (!c->server)
		loop->clients_open--;
	free(c);
	loop->to_finish--;
}

/* SSL_ERROR_WANT_* of a call that did not complete: wait for it; anything else is a failure. */
static void wait_for_openssl(struct event_loop *loop, struct connection *c, int result, const char *what)
{
	switch (SSL_get_error(c->ssl, result)) {
	case SSL_ERROR_WANT_READ:
		wait_for(loop, c, EPOLLIN);
		return;
	case SSL_ERROR_WANT_WRITE:
		wait_for(loop, c, EPOLLOUT);
		return;
	default:
		die(what);
	}
}

/* Takes a connection as far as it goes without waiting. */
static void drive(struct event_loop *loop, struct connection *c)
{
	size_t n;
	int result;

	for (;;) {
		switch (c->step) {
		case CONNECTING: {
			int error = 0;
			socklen_t length = sizeof(error);

			if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
				die("connect");
			c->step = HANDSHAKING;
			break;
		}
		case HANDSHAKING:
			result = c->server ? SSL_accept(c->ssl) : SSL_connect(c->ssl);
			if (result != 1)
				return wait_for_openssl(loop, c, result, c->server ? "server handshake" : "client handshake");
			if (!c->server && SSL_session_reused(c->ssl) != 1)
				die("PSK check");
			c->step = c->server ? RECEIVING : SENDING;
			break;
		case SENDING:
			result = SSL_write_ex(c->ssl, &c->byte, 1, &n);
			if (result != 1)
				return wait_for_openssl(loop, c, result, "echo write");
			if (c->server)
				return finish(loop, c);
			c->step = RECEIVING;
			break;
		case RECEIVING:
			result = SSL_read_ex(c->ssl, &c->byte, 1, &n);
			if (result != 1)
				return wait_for_openssl(loop, c, result, "echo read");
			if (!c->server)
				return finish(loop, c);
			c->step = SENDING;
			break;
		}
	}
}

static struct connection *connection(int fd, int server)
{
	struct connection *c = calloc(1, sizeof(*c));

	if (!c)
		die("calloc");
	c->fd = fd;
	c->server = server;
	c->byte = 'x';
	c->ssl = SSL_new(server ? bench.server_ctx : bench.client_ctx);
	if (!c->ssl || !SSL_set_fd(c->ssl, fd))
		die("SSL_new");
	return c;
}

static void start_client(struct event_loop *loop)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(loop->port),
				       .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct connection *c;

	if (fd < 0)
		die("socket");
	no_delay(fd);
	c = connection(fd, 0);
	loop->to_connect--;
	loop->clients_open++;
	if (connect(fd, (struct sockaddr *)&address, sizeof(address)) == 0) {
		c->step = HANDSHAKING;
		drive(loop, c);
	} else if (errno == EINPROGRESS) {
		c->step = CONNECTING;
		wait_for(loop, c, EPOLLOUT);
	} else {
		die("connect");
	}
}

static void accept_all(struct event_loop *loop)
{
	for (;;) {
		int fd = accept4(loop->listener, NULL, NULL, SOCK_NONBLOCK);
		struct connection *c;

		if (fd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			die("accept");
		}
		no_delay(fd);
		c = connection(fd, 1);
		c->step = HANDSHAKING;
		drive(loop, c);
	}
}

/* A finished client frees its slot for the next one. */
static void start_clients(struct event_loop *loop)
{
	while (loop->to_connect > 0 && loop->clients_open < loop->in_flight)
		start_client(loop);
}

static void *run_loop(void *argument)
{
	struct event_loop *loop = argument;
	struct epoll_event events[64];

	start_clients(loop);
	while (loop->to_finish > 0) {
		int ready = epoll_wait(loop->epoll, events, 64, -1);

		if (ready < 0) {
			if (errno == EINTR)
				continue;
			die("epoll_wait");
		}
		for (int i = 0; i < ready; i++) {
			if (events[i].data.ptr == NULL)
				accept_all(loop);
			else
				drive(loop, events[i].data.ptr);
		}
		start_clients(loop);
	}
	return NULL;
}

/* LOOPS event loops doing COUNT connections (a multiple of LOOPS), PARALLEL in flight in all. */
void event_loops(long count, int loops)
{
	struct event_loop loop[loops];

	for (int i = 0; i < loops; i++) {
		struct epoll_event event = { .events = EPOLLIN, .data.ptr = NULL };

		loop[i] = (struct event_loop){ .in_flight = bench.parallel / loops, .to_connect = count / loops,
					       .to_finish = 2 * (count / loops) };
		loop[i].listener = listen_loopback(&loop[i].port, SOCK_NONBLOCK);
		loop[i].epoll = epoll_create1(0);
		if (loop[i].epoll < 0 || epoll_ctl(loop[i].epoll, EPOLL_CTL_ADD, loop[i].listener, &event) != 0)
			die("epoll");
	}
	for (int i = 0; i < loops; i++)
		if (pthread_create(&loop[i].thread, NULL, run_loop, &loop[i]) != 0)
			die("pthread_create");
	for (int i = 0; i < loops; i++) {
		pthread_join(loop[i].thread, NULL);
		close(loop[i].epoll);
		close(loop[i].listener);
	}
}
