// dykvol: the smallest volume plugin the plugin module's tests need (tests/integration/test_plugin.py).
// It answers the plugin protocol on /run/docker/plugins/dykvol.sock and keeps volume names in memory;
// no registry on the internet is reachable here, so the tests build it, `docker plugin create` it and
// push it to the harness's registry.
package main

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
)

func main() {
	os.MkdirAll("/run/docker/plugins", 0755)
	path := "/run/docker/plugins/dykvol.sock"
	os.Remove(path)
	listener, err := net.Listen("unix", path)
	if err != nil {
		panic(err)
	}
	volumes := map[string]bool{}
	answer := func(w http.ResponseWriter, body interface{}) {
		w.Header().Set("Content-Type", "application/vnd.docker.plugins.v1+json")
		json.NewEncoder(w).Encode(body)
	}
	http.HandleFunc("/Plugin.Activate", func(w http.ResponseWriter, r *http.Request) {
		answer(w, map[string][]string{"Implements": {"VolumeDriver"}})
	})
	http.HandleFunc("/VolumeDriver.Capabilities", func(w http.ResponseWriter, r *http.Request) {
		answer(w, map[string]interface{}{"Capabilities": map[string]string{"Scope": "local"}})
	})
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var request struct{ Name string }
		json.NewDecoder(r.Body).Decode(&request)
		switch r.URL.Path {
		case "/VolumeDriver.Create":
			volumes[request.Name] = true
		case "/VolumeDriver.Remove":
			delete(volumes, request.Name)
		case "/VolumeDriver.List":
			list := []map[string]string{}
			for name := range volumes {
				list = append(list, map[string]string{"Name": name})
			}
			answer(w, map[string]interface{}{"Volumes": list, "Err": ""})
			return
		case "/VolumeDriver.Get":
			if !volumes[request.Name] {
				answer(w, map[string]string{"Err": "no such volume"})
				return
			}
			answer(w, map[string]interface{}{"Volume": map[string]string{"Name": request.Name}, "Err": ""})
			return
		}
		answer(w, map[string]string{"Err": ""})
	})
	http.Serve(listener, nil)
}
