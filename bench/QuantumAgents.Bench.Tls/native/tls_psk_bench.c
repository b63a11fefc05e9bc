// SPDX-License-Identifier: MIT
// The baseline of bench/tls: OpenSSL's own speed for the TLS 1.3 external-PSK handshake and
// transfer that PskTlsStream does (TLS_AES_256_GCM_SHA384, a PSK session per handshake, no
// tickets), in C with blocking sockets (SSL_set_fd), client and server threads on loopback.
//
//   tls_psk_bench handshakes COUNT WARMUP [PARALLEL]  -> "handshakes_per_second=N"
//   tls_psk_bench handshakes-event-loop COUNT WARMUP [PARALLEL]  -> the same, driven by an epoll
//                                           loop per CPU instead (tls_psk_event_loop.c)
//   tls_psk_bench plain COUNT WARMUP [PARALLEL]       -> the same connections without TLS: "connections_per_second=N"
//   tls_psk_bench throughput MIB            -> "mb_per_second=N" (1 MB = 10^6 bytes)
// Each line also gives per_cpu_second=N: the same work per second of the process's CPU time.
// PARALLEL (default 1) client threads each connect one after the other, and as many server
// threads accept, the classic blocking server: PARALLEL connections in flight at any time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tls_psk_bench.h"

#define CHUNK (64 * 1024)

struct bench bench = { .identity = "bench/00000000-0000-4000-8000-000000000000" };

void die(const char *what)
{
	fprintf(stderr, "tls_psk_bench: %s failed\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

/* CPU time of the whole process (both threads): a measure the machine's other load barely moves. */
static double cpu(void)
{
	struct rusage usage;

	getrusage(RUSAGE_SELF, &usage);
	return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A fresh session carrying the key, its suite fixing the hash: what PskSessionFactory builds. */
static SSL_SESSION *psk_session(SSL *ssl)
{
	static const unsigned char aes256_sha384[2] = { 0x13, 0x02 };
	const SSL_CIPHER *cipher = SSL_CIPHER_find(ssl, aes256_sha384);
	SSL_SESSION *session = SSL_SESSION_new();

	if (!cipher || !session || !SSL_SESSION_set1_master_key(session, bench.key, sizeof(bench.key)) ||
	    !SSL_SESSION_set_cipher(session, cipher) || !SSL_SESSION_set_protocol_version(session, TLS1_3_VERSION)) {
		SSL_SESSION_free(session);
		return NULL;
	}
	return session;
}

static int use_session(SSL *ssl, const EVP_MD *md, const unsigned char **id, size_t *idlen, SSL_SESSION **sess)
{
	SSL_SESSION *session = psk_session(ssl);

	*sess = NULL;
	if (!session)
		return 0;
	if (md && SSL_CIPHER_get_handshake_digest(SSL_SESSION_get0_cipher(session)) != md) {
		SSL_SESSION_free(session);
		return 1;
	}
	*sess = session;
	*id = (const unsigned char *)bench.identity;
	*idlen = strlen(bench.identity);
	return 1;
}

static int find_session(SSL *ssl, const unsigned char *identity, size_t len, SSL_SESSION **sess)
{
	int known = len == strlen(bench.identity) && memcmp(identity, bench.identity, len) == 0;

	*sess = known ? psk_session(ssl) : NULL;
	return 1;
}

static SSL_CTX *context(int server)
{
	SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());

	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_ciphersuites(ctx, "TLS_AES_256_GCM_SHA384"))
		die("SSL_CTX setup");
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (server) {
		SSL_CTX_set_num_tickets(ctx, 0);
		SSL_CTX_set_psk_find_session_callback(ctx, find_session);
	} else {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		SSL_CTX_set_psk_use_session_callback(ctx, use_session);
	}
	return ctx;
}

void no_delay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static void serve_one(int fd)
{
	unsigned char buffer[CHUNK];
	SSL *ssl;
	long long received = 0;
	size_t n;

	if (bench.plain) {
		if (read(fd, buffer, 1) != 1 || write(fd, buffer, 1) != 1)
			die("plain echo");
		close(fd);
		return;
	}
	ssl = SSL_new(bench.server_ctx);
	if (!ssl || !SSL_set_fd(ssl, fd) || SSL_accept(ssl) != 1)
		die("server handshake");
	if (bench.transfer == 0) {
		if (!SSL_read_ex(ssl, buffer, 1, &n) || !SSL_write_ex(ssl, buffer, 1, &n))
			die("server echo");
	}
	while (received < bench.transfer) {
		if (!SSL_read_ex(ssl, buffer, sizeof(buffer), &n))
			die("server read");
		received += n;
	}
	if (bench.transfer > 0 && !SSL_write_ex(ssl, buffer, 1, &n))
		die("server acknowledgement");
	SSL_free(ssl);
	close(fd);
}

static void *server_thread(void *unused)
{
	(void)unused;
	while (__atomic_sub_fetch(&bench.accepts_left, 1, __ATOMIC_RELAXED) >= 0) {
		int fd = accept(bench.listener, NULL, NULL);

		if (fd < 0)
			die("accept");
		no_delay(fd);
		serve_one(fd);
	}
	return NULL;
}

static int plain_connect(void)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(bench.port),
				       .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0)
		die("connect");
	no_delay(fd);
	return fd;
}

static SSL *connect_one(int *fd_out)
{
	int fd = plain_connect();
	SSL *ssl;

	ssl = SSL_new(bench.client_ctx);
	if (!ssl || !SSL_set_fd(ssl, fd) || SSL_connect(ssl) != 1)
		die("client handshake");
	/* As PskTlsStream does: only a reused (PSK) session proves the server had our key. */
	if (SSL_session_reused(ssl) != 1)
		die("PSK check");
	*fd_out = fd;
	return ssl;
}

int listen_loopback(int *port, int flags)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t length = sizeof(address);
	int fd = socket(AF_INET, SOCK_STREAM | flags, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof(address)) != 0 || listen(fd, 128) != 0 ||
	    getsockname(fd, (struct sockaddr *)&address, &length) != 0)
		die("listen");
	*port = ntohs(address.sin_port);
	return fd;
}

static void *client_thread(void *unused)
{
	unsigned char byte = 'x';
	size_t n;

	(void)unused;
	for (long i = 0; i < bench.per_client; i++) {
		int fd;
		SSL *ssl;

		if (bench.plain) {
			fd = plain_connect();
			if (write(fd, &byte, 1) != 1 || read(fd, &byte, 1) != 1)
				die("plain echo");
			close(fd);
			continue;
		}
		ssl = connect_one(&fd);
		if (!SSL_write_ex(ssl, &byte, 1, &n) || !SSL_read_ex(ssl, &byte, 1, &n))
			die("client echo");
		SSL_free(ssl);
		close(fd);
	}
	return NULL;
}

/* PARALLEL client and server threads doing COUNT connections (a multiple of PARALLEL). */
static void connections(long count)
{
	pthread_t servers[bench.parallel], clients[bench.parallel];

	bench.per_client = count / bench.parallel;
	bench.accepts_left = bench.per_client * bench.parallel;
	for (int i = 0; i < bench.parallel; i++)
		if (pthread_create(&servers[i], NULL, server_thread, NULL) != 0 ||
		    pthread_create(&clients[i], NULL, client_thread, NULL) != 0)
			die("pthread_create");
	for (int i = 0; i < bench.parallel; i++) {
		pthread_join(clients[i], NULL);
		pthread_join(servers[i], NULL);
	}
}

/* The blocking threads: connections(). An event loop per CPU: event_loops(). */
static void run_connections(long count)
{
	if (bench.event_loops > 0)
		event_loops(count, bench.event_loops);
	else
		connections(count);
}

static double handshakes(long count, long warmup)
{
	double start, cpu_start;

	run_connections(warmup);
	start = now();
	cpu_start = cpu();
	run_connections(count);
	bench.cpu_seconds = cpu() - cpu_start;
	return count / (now() - start);
}

static double throughput(long long bytes)
{
	static unsigned char chunk[CHUNK];
	pthread_t server;
	long long sent = 0;
	double start;
	size_t n;
	int fd;
	SSL *ssl;

	bench.accepts_left = 1;
	bench.transfer = bytes;
	pthread_create(&server, NULL, server_thread, NULL);
	ssl = connect_one(&fd);
	start = now();
	double cpu_start = cpu();
	while (sent < bytes) {
		size_t length = bytes - sent < CHUNK ? (size_t)(bytes - sent) : CHUNK;

		if (!SSL_write_ex(ssl, chunk, length, &n))
			die("client write");
		sent += n;
	}
	if (!SSL_read_ex(ssl, chunk, 1, &n)) /* the server has it all */
		die("client acknowledgement");
	double seconds = now() - start;

	bench.cpu_seconds = cpu() - cpu_start;

	SSL_free(ssl);
	close(fd);
	pthread_join(server, NULL);
	return bytes / seconds / 1e6;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc < 3 || RAND_bytes(bench.key, sizeof(bench.key)) != 1) {
		fprintf(stderr, "usage: tls_psk_bench handshakes|handshakes-event-loop|plain COUNT WARMUP [PARALLEL] | throughput MIB\n");
		return 2;
	}
	bench.server_ctx = context(1);
	bench.client_ctx = context(0);
	bench.listener = listen_loopback(&bench.port, 0);
	bench.parallel = argc == 5 ? atoi(argv[4]) : 1;
	if (bench.parallel < 1 || bench.parallel > 1024)
		return 2;
	if (strcmp(argv[1], "handshakes") == 0 && argc >= 4) {
		long count = atol(argv[2]) / bench.parallel * bench.parallel;

		printf("handshakes_per_second=%.1f ", handshakes(count, atol(argv[3])));
		printf("per_cpu_second=%.1f\n", count / bench.cpu_seconds);
	} else if (strcmp(argv[1], "handshakes-event-loop") == 0 && argc >= 4) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		bench.event_loops = bench.parallel < cpus ? bench.parallel : (int)cpus;
		bench.parallel = bench.parallel / bench.event_loops * bench.event_loops;
		long count = atol(argv[2]) / bench.parallel * bench.parallel;

		printf("handshakes_per_second=%.1f ", handshakes(count, atol(argv[3]) / bench.parallel * bench.parallel));
		printf("per_cpu_second=%.1f\n", count / bench.cpu_seconds);
	} else if (strcmp(argv[1], "plain") == 0 && argc >= 4) {
		long count = atol(argv[2]) / bench.parallel * bench.parallel;

		bench.plain = 1;
		printf("connections_per_second=%.1f ", handshakes(count, atol(argv[3])));
		printf("per_cpu_second=%.1f\n", count / bench.cpu_seconds);
	} else if (strcmp(argv[1], "throughput") == 0) {
		long long bytes = atoll(argv[2]) * 1024 * 1024;

		printf("mb_per_second=%.1f ", throughput(bytes));
		printf("per_cpu_second=%.1f\n", bytes / 1e6 / bench.cpu_seconds);
	} else {
		return 2;
	}
	return 0;
}
