import Testing
import TurnoutManifest

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// Every accessory command is argv; these are their exact values.
@Suite struct AccessoryCommandsTests {
    let bin = "/usr/lib/postgresql/15/bin"

    @Test func redisServer() {
        #expect(
            AccessoryCommands.redisServer(
                executable: "redis-server", port: 6390, directory: "/s/redis", maxMemory: ByteSize(bytes: 256 << 20))
                == [
                    "redis-server", "--port", "6390", "--bind", "127.0.0.1", "--dir", "/s/redis", "--save", "",
                    "--appendonly", "no", "--maxmemory", "268435456", "--daemonize", "no",
                ])
        #expect(
            AccessoryCommands.redisServer(executable: "/usr/bin/redis-server", port: 1, directory: "/d", maxMemory: nil)
                == [
                    "/usr/bin/redis-server", "--port", "1", "--bind", "127.0.0.1", "--dir", "/d", "--save", "",
                    "--appendonly", "no", "--daemonize", "no",
                ])
    }

    @Test func prometheus() {
        #expect(
            AccessoryCommands.prometheus(executable: "prometheus", configFile: "/s/p/prometheus.yml", dataDirectory: "/s/p/data", port: 20123)
                == [
                    "prometheus", "--config.file=/s/p/prometheus.yml", "--storage.tsdb.path=/s/p/data",
                    "--storage.tsdb.retention.time=1d", "--web.listen-address=127.0.0.1:20123",
                ])
    }

    @Test func postgres() {
        #expect(
            AccessoryCommands.initdb(binDirectory: bin, dataDirectory: "/s/pg/data", user: "blog")
                == [bin + "/initdb", "-D", "/s/pg/data", "-U", "blog", "--auth=trust"])
        #expect(
            AccessoryCommands.pgCtlStart(
                binDirectory: bin, dataDirectory: "/s/pg/data", socketDirectory: "/tmp/turnout-pg-0123456789abcdef",
                port: 5440, logPath: "/s/pg/postgres.log", waitSeconds: 60)
                == [
                    bin + "/pg_ctl", "-D", "/s/pg/data",
                    "-o", "-k '/tmp/turnout-pg-0123456789abcdef' -p 5440 -c listen_addresses=127.0.0.1",
                    "-l", "/s/pg/postgres.log", "start", "-w", "-t", "60",
                ])
        #expect(
            AccessoryCommands.pgCtlStop(binDirectory: bin, dataDirectory: "/d", waitSeconds: 30)
                == [bin + "/pg_ctl", "-D", "/d", "stop", "-m", "fast", "-w", "-t", "30"])
        #expect(AccessoryCommands.pgCtlStatus(binDirectory: bin, dataDirectory: "/d") == [bin + "/pg_ctl", "-D", "/d", "status"])
        #expect(
            AccessoryCommands.pgIsReady(binDirectory: bin, port: 5440)
                == [bin + "/pg_isready", "-h", "127.0.0.1", "-p", "5440"])
        #expect(
            AccessoryCommands.createdb(binDirectory: bin, port: 5440, user: "blog", database: "blog")
                == [bin + "/createdb", "-h", "127.0.0.1", "-p", "5440", "-U", "blog", "blog"])
        #expect(
            AccessoryCommands.asUser("postgres", runuser: "/usr/sbin/runuser", ["initdb", "-D", "x"])
                == ["/usr/sbin/runuser", "-u", "postgres", "--", "initdb", "-D", "x"])
    }
}
